import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface MongoTarget {
  readonly uri: string;
  readonly kind: 'real MongoDB (MONGODB_URI)' | 'jongodb';
  stop(): Promise<void>;
}

export interface Platform {
  readonly platform: string;
  readonly arch: string;
  /** Whether the C library is glibc (jongodb's binary is linked against it). */
  readonly glibc: boolean;
  readonly mongodbUri: string | undefined;
}

export function currentPlatform(): Platform {
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  return {
    platform: process.platform,
    arch: process.arch,
    glibc: report.header?.glibcVersionRuntime !== undefined,
    mongodbUri: process.env.MONGODB_URI || undefined,
  };
}

/**
 * Why no MongoDB server can be had here, or null when one can. jongodb's binary package
 * is an optional dependency that installs only on Linux x64 with glibc; there it must be
 * present (a missing one fails the suite instead of skipping it).
 */
export function mongoUnavailableReason(here: Platform = currentPlatform()): string | null {
  if (here.mongodbUri) return null;
  if (here.platform === 'linux' && here.arch === 'x64' && here.glibc) return null;
  const system = `${here.platform}-${here.arch}${here.platform === 'linux' && !here.glibc ? ' without glibc' : ''}`;
  return `no MongoDB server here: jongodb ships only for Linux x64 with glibc (this is ${system}); set MONGODB_URI to run the suite against a real MongoDB`;
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
