import { mkdirSync, writeFileSync } from 'node:fs';
import { loadDotEnv } from '../src/config/env-file.js';
import { buildTeamsPackage, PackageError } from '../src/tools/teams-package.js';

// npm run package:teams: reads TEAMS_APP_ID, MicrosoftAppId and BOT_DOMAIN (or .env)
// and writes dist/teams-app.zip for sideloading.
loadDotEnv();
try {
  const zip = buildTeamsPackage('manifests/teams', process.env);
  mkdirSync('dist', { recursive: true });
  writeFileSync('dist/teams-app.zip', zip);
  console.log(`wrote dist/teams-app.zip (${zip.length} bytes)`);
} catch (err) {
  if (err instanceof PackageError) {
    console.error(`package:teams: ${err.message}`);
    process.exit(2);
  }
  throw err;
}
