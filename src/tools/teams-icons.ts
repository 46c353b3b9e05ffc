import { encodePng } from './png.js';

// The app icons, drawn in code so they can be rebuilt: a ticket (a rounded card
// with a notch and a clock hand). Colour: white on the accent blue, 192x192.
// Outline: white on transparent, 32x32, as Teams requires.

function inTicket(x: number, y: number, size: number): boolean {
  const margin = size * 0.16;
  const radius = size * 0.08;
  const left = margin;
  const right = size - margin;
  const top = size * 0.26;
  const bottom = size - size * 0.26;
  if (x < left || x > right || y < top || y > bottom) return false;
  // Rounded corners.
  for (const [cx, cy] of [
    [left + radius, top + radius],
    [right - radius, top + radius],
    [left + radius, bottom - radius],
    [right - radius, bottom - radius],
  ] as const) {
    const inCornerBox =
      (x < left + radius || x > right - radius) && (y < top + radius || y > bottom - radius);
    if (inCornerBox && Math.hypot(x - cx, y - cy) > radius) return false;
  }
  // Notches on both sides, as on a paper ticket.
  const notch = size * 0.07;
  if (Math.hypot(x - left, y - size / 2) < notch || Math.hypot(x - right, y - size / 2) < notch) return false;
  return true;
}

function inClock(x: number, y: number, size: number): boolean {
  const cx = size / 2;
  const cy = size / 2;
  const r = size * 0.14;
  const d = Math.hypot(x - cx, y - cy);
  const ring = d < r && d > r - Math.max(1.2, size * 0.03);
  const hand = Math.abs(x - cx) < Math.max(0.8, size * 0.015) && y < cy && y > cy - r * 0.75;
  const hand2 = Math.abs(y - cy) < Math.max(0.8, size * 0.015) && x > cx && x < cx + r * 0.55;
  return ring || hand || hand2;
}

function draw(
  size: number,
  pixel: (inside: boolean, clock: boolean) => [number, number, number, number],
): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const ticket = inTicket(x + 0.5, y + 0.5, size);
      const clock = inClock(x + 0.5, y + 0.5, size);
      rgba.set(pixel(ticket, clock), (y * size + x) * 4);
    }
  }
  return rgba;
}

export function colorIcon(): Buffer {
  const blue: [number, number, number, number] = [0x00, 0x78, 0xd4, 255];
  const white: [number, number, number, number] = [255, 255, 255, 255];
  return encodePng(
    192,
    192,
    draw(192, (ticket, clock) => (ticket && !clock ? white : blue)),
  );
}

export function outlineIcon(): Buffer {
  const white: [number, number, number, number] = [255, 255, 255, 255];
  const clear: [number, number, number, number] = [0, 0, 0, 0];
  return encodePng(
    32,
    32,
    draw(32, (ticket, clock) => (ticket && !clock ? white : clear)),
  );
}
