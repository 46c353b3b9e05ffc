import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fillManifest } from '../../src/tools/teams-package.js';
import { readOfficialSchema } from '../helpers/official-schema.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const AjvDraft04 = require('ajv-draft-04') as new (
  options: Record<string, unknown>,
) => {
  compile(
    schema: unknown,
  ): ((data: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> };
};

const env = {
  TEAMS_APP_ID: '11111111-2222-3333-4444-555555555555',
  MicrosoftAppId: '66666666-7777-8888-9999-000000000000',
  BOT_DOMAIN: 'bot.example.com',
};

/** Reads the entries of a ZIP archive (stored or deflated). */
function readZip(zip: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + size);
    entries.set(name, method === 0 ? Buffer.from(data) : inflateSync(data));
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** Width, height and RGBA pixels of an 8-bit RGBA PNG without interlacing. */
function readPng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++)
    raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  return { width, height, pixels };
}

describe('Teams app package', () => {
  it('the filled manifest is valid against the official Teams 1.24 schema', () => {
    const schema = readOfficialSchema('teams-1.24.json');
    const validate = new AjvDraft04({ strict: false, allErrors: true, validateFormats: false }).compile(
      schema,
    );
    const manifest = fillManifest(readFileSync('manifests/teams/manifest.json', 'utf8'), env);
    const ok = validate(manifest);
    expect(ok ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
    expect(manifest).toMatchObject({
      manifestVersion: '1.24',
      id: env.TEAMS_APP_ID,
      bots: [{ botId: env.MicrosoftAppId, scopes: ['personal', 'team', 'groupChat'], supportsFiles: true }],
      validDomains: ['bot.example.com'],
      // Resource-specific consent: the team owner lets the bot create incident channels there.
      webApplicationInfo: { id: env.MicrosoftAppId },
      authorization: {
        permissions: { resourceSpecific: [{ name: 'Channel.Create.Group', type: 'Application' }] },
      },
    });
    // The schema check is real: a wrong manifest version fails it, and so does a wrong consent type.
    expect(
      validate({
        ...manifest,
        authorization: { permissions: { resourceSpecific: [{ name: 'Channel.Create.Group', type: 'App' }] } },
      }),
    ).toBe(false);
    expect(validate({ ...manifest, manifestVersion: '1.23' })).toBe(false);
  });

  it('ships a 192x192 colour icon and a 32x32 white-on-transparent outline icon', () => {
    const color = readPng(readFileSync('manifests/teams/color.png'));
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = readPng(readFileSync('manifests/teams/outline.png'));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let transparent = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const [r, g, b, a] = outline.pixels.subarray(i, i + 4);
      if (a === 0) transparent++;
      else expect([r, g, b, a]).toEqual([255, 255, 255, 255]);
    }
    expect(transparent).toBeGreaterThan(100);
    expect(transparent).toBeLessThan(32 * 32);
  });

  it('npm run package:teams writes dist/teams-app.zip with the filled manifest and icons', async () => {
    await run(process.execPath, ['dist/scripts/package-teams.js'], { env: { ...process.env, ...env } });
    const entries = readZip(readFileSync('dist/teams-app.zip'));
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(JSON.parse(entries.get('manifest.json')!.toString())).toMatchObject({ id: env.TEAMS_APP_ID });
    expect(entries.get('color.png')).toEqual(readFileSync('manifests/teams/color.png'));
  });

  it('refuses to package without the ids, saying which', async () => {
    const result = await run(process.execPath, ['dist/scripts/package-teams.js'], {
      env: { ...process.env, TEAMS_APP_ID: 'not-a-guid', MicrosoftAppId: '', BOT_DOMAIN: '' },
    }).catch((err: { code: number; stderr: string }) => err);
    expect((result as { code: number }).code).toBe(2);
    expect((result as { stderr: string }).stderr).toContain('TEAMS_APP_ID must be a GUID');
    expect((result as { stderr: string }).stderr).toContain('BOT_DOMAIN');
  });
});
