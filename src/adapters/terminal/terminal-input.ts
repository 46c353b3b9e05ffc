import { stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { UserTurn } from '../../core/intake/intake-engine.js';

export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.bmp': 'image/bmp',
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.har': 'application/json',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.evtx': 'application/octet-stream',
};

export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Turns a typed line into a turn. "attach PATH" (or "bijlage PATH") becomes a file
 * attachment when the path is a readable regular file; otherwise a rejected file.
 */
export async function terminalTurn(line: string): Promise<Omit<UserTurn, 'at'>> {
  const m = /^\s*(?:attach|bijlage|bijvoegen)\s+(.+?)\s*$/i.exec(line);
  if (!m) return { text: line };
  const path = m[1]!.replace(/^(['"])(.*)\1$/, '$2');
  try {
    const info = await stat(path);
    if (!info.isFile()) return { text: '', rejectedFiles: [{ name: path, reason: 'not a regular file' }] };
    if (info.size > MAX_ATTACHMENT_BYTES) {
      return { text: '', rejectedFiles: [{ name: path, reason: 'larger than 25 MB' }] };
    }
    const name = basename(path);
    return {
      text: '',
      files: [{ name, contentType: contentTypeOf(name), size: info.size, ref: resolve(path) }],
    };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'cannot read it';
    return { text: '', rejectedFiles: [{ name: path, reason }] };
  }
}
