import { writeFileSync } from 'node:fs';
import { colorIcon, outlineIcon } from '../src/tools/teams-icons.js';

// Regenerates manifests/teams/color.png (192x192) and outline.png (32x32).
writeFileSync('manifests/teams/color.png', colorIcon());
writeFileSync('manifests/teams/outline.png', outlineIcon());
console.log('wrote manifests/teams/color.png and manifests/teams/outline.png');
