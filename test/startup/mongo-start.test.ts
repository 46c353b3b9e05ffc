import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.js';
import { mongoStartError, StoreUnavailableError } from '../../src/startup/mongo-start-error.js';
import { mongoServer } from '../../src/startup/startup-summary.js';
import { runMainToExit } from '../helpers/run-main.js';

// MONGODB_URI the driver refuses is a configuration error (exit 2); a server that does not
// answer ends the start after serverSelectionTimeoutMS (10 s) with exit 1. One line naming
// the server, never its password, never a stack (both used to print the driver's stack).

function driverError(name: string, message: string, cause?: unknown): Error {
  const err = new Error(message, { cause });
  err.name = name;
  return err;
}

describe('npm start with a MONGODB_URI it cannot use', () => {
  it('not a connection string: a configuration error, exit 2', async () => {
    const r = await runMainToExit({ PORT: '0', MONGODB_URI: 'notaurl' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe(
      'ticketbot: configuration: MONGODB_URI "notaurl": not a usable MongoDB connection string (Invalid scheme, expected connection string to start with "mongodb://" or "mongodb+srv://")\n',
    );
    expect(r.stdout).toBe('');
  });

  it('a password with an unescaped "@": refused without showing it', async () => {
    const r = await runMainToExit({ PORT: '0', MONGODB_URI: 'mongodb://bot:s3c@ret@127.0.0.1:1/tb' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe(
      'ticketbot: configuration: MONGODB_URI "mongodb://127.0.0.1:1/tb": not a usable MongoDB connection string (Invalid connection string)\n',
    );
  });

  it('no server answering: after 10 s, one line naming the host without the password, exit 1', async () => {
    const r = await runMainToExit(
      { PORT: '0', MONGODB_URI: 'mongodb://bot:s3cret@127.0.0.1:1/tb?authSource=admin' },
      28_000,
    );
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe(
      'ticketbot: MongoDB at mongodb://127.0.0.1:1/tb did not answer within 10 s (connect ECONNREFUSED 127.0.0.1:1): check MONGODB_URI and that the server is running\n',
    );
    expect(r.stdout).toBe('');
    expect(r.ms).toBeGreaterThanOrEqual(10_000);
  }, 30_000);
});

describe('mongoStartError', () => {
  const uri = 'mongodb://bot:p%40ss@db1:27017/tb';

  it('never repeats the password, as written or decoded', () => {
    const err = mongoStartError(driverError('MongoServerError', 'auth p%40ss p@ss failed'), uri, 10_000);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toBe(
      'MongoDB at mongodb://db1:27017/tb cannot be used: auth *** *** failed',
    );
  });

  it("a refused URI is a configuration error; an error caused by the driver is the store's", () => {
    expect(mongoStartError(driverError('MongoParseError', 'bad option'), uri, 10_000)).toEqual(
      new ConfigError(
        'MONGODB_URI "mongodb://db1:27017/tb": not a usable MongoDB connection string (bad option)',
      ),
    );
    const noTransactions = driverError('Error', 'needs transactions', driverError('MongoServerError', 'x'));
    expect(mongoStartError(noTransactions, uri, 10_000)).toEqual(
      new StoreUnavailableError('MongoDB at mongodb://db1:27017/tb cannot be used: needs transactions'),
    );
  });

  it('leaves anything else (a bug) as it is', () => {
    const bug = new TypeError('x is undefined');
    expect(mongoStartError(bug, uri, 10_000)).toBe(bug);
  });
});

describe('mongoServer', () => {
  it('drops everything up to the last "@", so no part of a password shows', () => {
    expect(mongoServer('mongodb://u:p@ss/w@h1:1,h2:2/x?replicaSet=rs0')).toBe('mongodb://h1:1,h2:2/x');
    expect(mongoServer('user:pw@host/x')).toBe('host/x');
    expect(mongoServer('mongodb://127.0.0.1:1/x')).toBe('mongodb://127.0.0.1:1/x');
  });
});
