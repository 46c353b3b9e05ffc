import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface MongoTarget {
  readonly uri: string;
  readonly kind: 'real MongoDB (MONGODB_URI)' | 'jongodb';
  stop(): Promise<void>;
}

function jongodbBinary(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@jongodb/memory-server-bin-linux-x64-gnu/package.json');
  return join(dirname(pkg), 'bin', 'jongodb');
}

/**
 * The MongoDB server the contract suite runs against: the real one at MONGODB_URI
 * when set, otherwise a jongodb process (a partial MongoDB-compatible server from npm)
 * on a free loopback port.
 */
export async function startMongo(database: string): Promise<MongoTarget> {
  if (process.env.MONGODB_URI) {
    return { uri: process.env.MONGODB_URI, kind: 'real MongoDB (MONGODB_URI)', stop: async () => {} };
  }
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child: ChildProcess = spawn(
    jongodbBinary(),
    ['--host=127.0.0.1', `--port=${port}`, `--database=${database}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const uri = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`jongodb did not start: ${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /JONGODB_URI=(\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`jongodb exited ${code}: ${output}`)));
  });
  return {
    uri,
    kind: 'jongodb',
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
