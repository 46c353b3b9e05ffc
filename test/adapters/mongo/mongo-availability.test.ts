import { describe, expect, it } from 'vitest';
import { mongoUnavailableReason } from '../../helpers/jongodb.js';

const linux = { platform: 'linux', arch: 'x64', glibc: true, mongodbUri: undefined };

describe('where the MongoDB contract suite runs', () => {
  it('runs on Linux x64 with glibc (jongodb) and anywhere MONGODB_URI is set', () => {
    expect(mongoUnavailableReason(linux)).toBeNull();
    expect(
      mongoUnavailableReason({ platform: 'darwin', arch: 'arm64', glibc: false, mongodbUri: 'mongodb://db' }),
    ).toBeNull();
  });

  it('is skipped elsewhere, saying why and how to run it', () => {
    const reason = mongoUnavailableReason({ ...linux, platform: 'darwin', arch: 'arm64', glibc: false });
    expect(reason).toContain('darwin-arm64');
    expect(reason).toContain('MONGODB_URI');
    expect(mongoUnavailableReason({ ...linux, glibc: false })).toContain('linux-x64 without glibc');
  });
});
