import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The import rules of DESIGN.md, checked on the source text so the shape stays true.
const SRC = resolve('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);
}

/** Where an import points: a src-relative folder for project files, else the package name. */
function target(
  file: string,
  specifier: string,
): { kind: 'project'; path: string } | { kind: 'package'; name: string } {
  if (specifier.startsWith('.'))
    return { kind: 'project', path: relative(SRC, resolve(dirname(file), specifier)) };
  return { kind: 'package', name: specifier };
}

const layerOf = (srcRelative: string) => srcRelative.split('/')[0]!;

// Pure libraries the domain may use: date math and holiday data, no I/O.
const CORE_PACKAGES = new Set(['luxon', 'date-holidays']);
const files = sourceFiles(SRC);

describe('import rules', () => {
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('core imports only core and pure libraries: no SDK, driver or node I/O', () => {
    const violations: string[] = [];
    for (const file of files.filter((f) => layerOf(relative(SRC, f)) === 'core')) {
      for (const spec of importsOf(file)) {
        const t = target(file, spec);
        if (t.kind === 'package' ? !CORE_PACKAGES.has(t.name) : layerOf(t.path) !== 'core') {
          violations.push(`${relative(SRC, file)} imports ${spec}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('ports import only core; app imports only core and ports', () => {
    const allowed: Record<string, string[]> = { ports: ['core', 'ports'], app: ['core', 'ports', 'app'] };
    const violations: string[] = [];
    for (const file of files) {
      const layer = layerOf(relative(SRC, file));
      const ok = allowed[layer];
      if (!ok) continue;
      for (const spec of importsOf(file)) {
        const t = target(file, spec);
        if (t.kind === 'package' ? !CORE_PACKAGES.has(t.name) : !ok.includes(layerOf(t.path))) {
          violations.push(`${relative(SRC, file)} imports ${spec}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('adapters never import each other, and chat SDKs stay inside their adapter', () => {
    const sdkHome: Array<[RegExp, string]> = [
      [/^botbuilder/, 'adapters/teams'],
      [/^@slack\//, 'adapters/slack'],
      [/^better-sqlite3$/, 'adapters/sqlite'],
      [/^mongodb$/, 'adapters/mongo'],
    ];
    const violations: string[] = [];
    for (const file of files) {
      const rel = relative(SRC, file);
      const ownAdapter = rel.startsWith('adapters/') ? rel.split('/').slice(0, 2).join('/') : null;
      for (const spec of importsOf(file)) {
        const t = target(file, spec);
        if (
          t.kind === 'project' &&
          ownAdapter &&
          t.path.startsWith('adapters/') &&
          !t.path.startsWith(ownAdapter)
        ) {
          violations.push(`${rel} imports another adapter: ${spec}`);
        }
        if (t.kind === 'package') {
          for (const [pattern, home] of sdkHome) {
            if (pattern.test(t.name) && !rel.startsWith(home))
              violations.push(`${rel} imports ${spec} outside ${home}`);
          }
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('the checker itself catches a forbidden import', () => {
    const fake = join(SRC, 'core', 'x.ts');
    expect(target(fake, 'node:fs')).toEqual({ kind: 'package', name: 'node:fs' });
    expect(importsOf(join(SRC, 'cli', 'main.ts'))).toContain('../config/env-file.js');
  });
});
