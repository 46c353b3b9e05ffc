import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTenantDirectory, TenantsFileError } from '../../src/config/tenants-file.js';
import { presets } from '../helpers/policies.js';

const VALID = resolve('test/fixtures/tenants/valid.json');
const INVALID = resolve('test/fixtures/tenants/invalid.json');

describe('loadTenantDirectory', () => {
  it('is empty without TENANTS_FILE', () => {
    expect(loadTenantDirectory(null, presets)).toEqual({
      directory: { partners: [], customers: [] },
      warnings: [],
    });
  });

  it('loads a valid file', () => {
    const { directory } = loadTenantDirectory(VALID, presets);
    expect(directory.customers).toHaveLength(3);
  });

  it('throws a configuration error listing every problem with its path', () => {
    let error: unknown;
    try {
      loadTenantDirectory(INVALID, presets);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TenantsFileError);
    expect((error as TenantsFileError).problems).toHaveLength(12);
    expect((error as Error).message).toContain('customers[0].language: must be en or nl, got "de"');
  });
});

describe('the server with an invalid TENANTS_FILE', () => {
  it('refuses to start, exit 2, naming each problem', async () => {
    const child = spawn(process.execPath, [resolve('dist/src/main.js')], {
      env: {
        ...process.env,
        TENANTS_FILE: INVALID,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'ticketbot-tenants-start-')),
        PORT: '0',
        MONGODB_URI: '',
        SLA_POLICIES_FILE: '',
        DASHBOARD_TOKEN: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(2);
    expect(stderr).toContain(`TENANTS_FILE ${INVALID} is invalid`);
    expect(stderr).toContain('partners[0].policy: unknown policy "gold-plus"');
  });
});
