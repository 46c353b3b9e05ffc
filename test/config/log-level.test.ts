import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError, LOG_LEVELS, loadConfig } from '../../src/config/config.js';

describe('LOG_LEVEL', () => {
  it("offers exactly pino's levels", () => {
    expect([...LOG_LEVELS].sort()).toEqual([...Object.keys(pino.levels.values), 'silent'].sort());
  });

  it('defaults to info and accepts any case', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ LOG_LEVEL: ' DEBUG ' }).logLevel).toBe('debug');
  });

  it('refuses an unknown level, naming it and the known ones', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(ConfigError);
    expect(() => loadConfig({ LOG_LEVEL: 'verbose' })).toThrow(
      'LOG_LEVEL: "verbose" is not a log level (use trace, debug, info, warn, error, fatal, silent)',
    );
  });
});
