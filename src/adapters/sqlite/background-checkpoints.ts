import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** WAL pages after which the connection checkpoints by itself (a backstop should the worker stop). */
export const BACKSTOP_CHECKPOINT_PAGES = 20_000;

/**
 * Copies the write-ahead log into the database file on a worker thread, with a connection
 * of its own, every `intervalMs`. SQLite's automatic checkpoint would otherwise run inside
 * whichever commit crosses the threshold, on the event loop, with two fsyncs, stalling
 * every conversation at once. A PASSIVE checkpoint never blocks readers or writers.
 */
export function startBackgroundCheckpoints(file: string, intervalMs = 500): { stop: () => Promise<void> } {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  // An eval'd worker: the same code runs from src/ (tests) and dist/ (production).
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.driver);
    const db = new Database(workerData.file);
    db.pragma('busy_timeout = 5000');
    const timer = setInterval(() => {
      try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage(String(err && err.message)); }
    }, workerData.intervalMs);
    parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
  `;
  const worker = new Worker(code, { eval: true, workerData: { driver, file, intervalMs } });
  worker.unref();
  return {
    stop: async () => {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('stop');
      // The timer must not keep the process alive once the worker is gone (the CLI exits at once).
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
