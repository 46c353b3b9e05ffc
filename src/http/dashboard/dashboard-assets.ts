import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DASHBOARD_CSS, DASHBOARD_SCRIPT } from './dashboard-script.js';

export interface Asset {
  readonly contentType: string;
  readonly body: string | Buffer;
}

/** Chart.js's browser build ships in its npm package; served from there, never from a CDN. */
function chartJs(): Buffer {
  const main = createRequire(import.meta.url).resolve('chart.js');
  return readFileSync(join(dirname(main), 'chart.umd.min.js'));
}

const loaders: Record<string, () => Asset> = {
  'chart.umd.min.js': () => ({ contentType: 'text/javascript; charset=utf-8', body: chartJs() }),
  'dashboard.js': () => ({ contentType: 'text/javascript; charset=utf-8', body: DASHBOARD_SCRIPT }),
  'dashboard.css': () => ({ contentType: 'text/css; charset=utf-8', body: DASHBOARD_CSS }),
};
const cache = new Map<string, Asset>();

/** A dashboard asset by file name, read once; null for any other name. */
export function dashboardAsset(name: string): Asset | null {
  const load = Object.hasOwn(loaders, name) ? loaders[name] : undefined;
  if (!load) return null;
  let asset = cache.get(name);
  if (!asset) {
    asset = load();
    cache.set(name, asset);
  }
  return asset;
}
