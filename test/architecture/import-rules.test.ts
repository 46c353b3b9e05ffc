import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The shape rules of DESIGN.md and the lifecycle issue, checked on the source text.
const SRC = resolve('src');

interface SourceFile {
  /** Path relative to src/, with forward slashes. */
  readonly path: string;
  readonly text: string;
}

function sourceFiles(dir: string): SourceFile[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [{ path: relative(SRC, full), text: readFileSync(full, 'utf8') }] : [];
  });
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: SourceFile): string[] {
  return [...file.text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);
}

/** Where an import points: a src-relative path for project files, else the package name. */
function target(
  file: SourceFile,
  specifier: string,
): { kind: 'project'; path: string } | { kind: 'package'; name: string } {
  if (specifier.startsWith('.')) {
    const path = relative(SRC, resolve(SRC, dirname(file.path), specifier));
    return { kind: 'project', path };
  }
  return { kind: 'package', name: specifier };
}

const layerOf = (srcRelative: string) => srcRelative.split('/')[0]!;
const adapterOf = (srcRelative: string) =>
  srcRelative.startsWith('adapters/') ? srcRelative.split('/').slice(0, 2).join('/') : null;

// Pure libraries the domain may use: date math and holiday data, no I/O.
const CORE_PACKAGES = new Set(['luxon', 'date-holidays']);
const SDK_HOME: Array<[RegExp, string]> = [
  [/^botbuilder/, 'adapters/teams'],
  [/^@slack\//, 'adapters/slack'],
  [/^better-sqlite3$/, 'adapters/sqlite'],
  [/^mongodb$/, 'adapters/mongo'],
];
/**
 * Files that may read the wall clock: the system clock itself, and the stores' notion
 * of time (leases across processes use the store's time, which is the point of it).
 */
const WALL_CLOCK_ALLOWED = new Set([
  'adapters/system/system-clock.ts',
  'adapters/sqlite/sqlite-timers.ts',
  'adapters/mongo/mongo-clock.ts',
]);

/** Every broken rule in a set of source files, one line each. */
function violations(files: readonly SourceFile[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const layer = layerOf(file.path);
    const ownAdapter = adapterOf(file.path);
    for (const spec of importsOf(file)) {
      const t = target(file, spec);
      if (
        layer === 'core' &&
        (t.kind === 'package' ? !CORE_PACKAGES.has(t.name) : layerOf(t.path) !== 'core')
      )
        found.push(`${file.path}: core imports ${spec}`);
      const allowed: Record<string, string[]> = { ports: ['core', 'ports'], app: ['core', 'ports', 'app'] };
      const ok = allowed[layer];
      if (ok && (t.kind === 'package' ? !CORE_PACKAGES.has(t.name) : !ok.includes(layerOf(t.path))))
        found.push(`${file.path}: ${layer} imports ${spec}`);
      if (
        t.kind === 'project' &&
        ownAdapter &&
        t.path.startsWith('adapters/') &&
        !t.path.startsWith(ownAdapter)
      )
        found.push(`${file.path}: imports another adapter: ${spec}`);
      // Adapters get their own option types, never the whole configuration.
      if (t.kind === 'project' && ownAdapter && layerOf(t.path) === 'config')
        found.push(`${file.path}: an adapter imports configuration: ${spec}`);
      // Configuration is read and checked there; stores are constructed by the wiring.
      if (t.kind === 'project' && layer === 'config' && layerOf(t.path) === 'adapters')
        found.push(`${file.path}: config constructs adapters: ${spec}`);
      if (t.kind === 'package') {
        for (const [pattern, home] of SDK_HOME) {
          if (pattern.test(t.name) && !file.path.startsWith(home))
            found.push(`${file.path}: imports ${spec} outside ${home}`);
        }
      }
    }
    if (
      ['core', 'app', 'adapters'].includes(layer) &&
      !WALL_CLOCK_ALLOWED.has(file.path) &&
      /Date\.now\(\)/.test(file.text)
    )
      found.push(`${file.path}: reads Date.now() instead of the Clock port`);
  }
  return found;
}

const files = sourceFiles(SRC);

describe('import rules', () => {
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('the project keeps every rule', () => {
    expect(violations(files)).toEqual([]);
  });

  it('the checker catches each kind of forbidden import', () => {
    const bad: SourceFile[] = [
      { path: 'core/x.ts', text: "import { readFileSync } from 'node:fs';" },
      { path: 'app/y.ts', text: "import { App } from '@slack/bolt';" },
      { path: 'ports/z.ts', text: "import { Store } from '../adapters/sqlite/sqlite-store.js';" },
      { path: 'adapters/slack/a.ts', text: "import { TeamsBot } from '../teams/teams-bot.js';" },
      { path: 'adapters/teams/b.ts', text: "import type { Config } from '../../config/config.js';" },
      { path: 'config/c.ts', text: "import { SqliteStore } from '../adapters/sqlite/sqlite-store.js';" },
      { path: 'http/d.ts', text: "import Database from 'better-sqlite3';" },
      { path: 'adapters/slack/e.ts', text: 'const now = Date.now();' },
    ];
    const found = violations(bad);
    for (const file of bad)
      expect(
        found.some((v) => v.startsWith(`${file.path}:`)),
        file.path,
      ).toBe(true);
  });

  it('lets good imports through', () => {
    const good: SourceFile[] = [
      {
        path: 'core/x.ts',
        text: "import { DateTime } from 'luxon';\nimport { t } from './i18n/catalogue.js';",
      },
      { path: 'app/y.ts', text: "import type { Store } from '../ports/store.js';" },
      {
        path: 'adapters/slack/a.ts',
        text: "import { App } from '@slack/bolt';\nimport { t } from '../../core/i18n/catalogue.js';",
      },
    ];
    expect(violations(good)).toEqual([]);
  });
});
