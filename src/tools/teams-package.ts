import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createZip } from './zip.js';

export class PackageError extends Error {
  override readonly name = 'PackageError';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?$/i;

/** The manifest with its ${{...}} placeholders filled in, checked for what Teams requires. */
export function fillManifest(template: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const values: Record<string, string | undefined> = {
    TEAMS_APP_ID: env.TEAMS_APP_ID?.trim(),
    MicrosoftAppId: env.MicrosoftAppId?.trim(),
    BOT_DOMAIN: env.BOT_DOMAIN?.trim()
      .replace(/^https?:\/\//, '')
      .replace(/\/+$/, ''),
  };
  const problems: string[] = [];
  if (!values.TEAMS_APP_ID || !GUID.test(values.TEAMS_APP_ID))
    problems.push('TEAMS_APP_ID must be a GUID (the Teams app id)');
  if (!values.MicrosoftAppId || !GUID.test(values.MicrosoftAppId))
    problems.push('MicrosoftAppId must be the bot app registration GUID');
  if (!values.BOT_DOMAIN || !DOMAIN.test(values.BOT_DOMAIN))
    problems.push('BOT_DOMAIN must be the public host name of the bot, e.g. bot.example.com');
  if (problems.length) throw new PackageError(problems.join('; '));
  const filled = template.replace(/\$\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
  return JSON.parse(filled) as Record<string, unknown>;
}

/** Builds the sideloadable Teams app package: manifest.json, color.png, outline.png. */
export function buildTeamsPackage(manifestDir: string, env: NodeJS.ProcessEnv): Buffer {
  const manifest = fillManifest(readFileSync(join(manifestDir, 'manifest.json'), 'utf8'), env);
  return createZip([
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) },
    { name: 'color.png', data: readFileSync(join(manifestDir, 'color.png')) },
    { name: 'outline.png', data: readFileSync(join(manifestDir, 'outline.png')) },
  ]);
}
