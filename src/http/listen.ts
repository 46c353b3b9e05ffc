import type { AddressInfo } from 'node:net';
import type restify from 'restify';

/** The port could not be had: one line saying why and what to do. */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

function explain(err: NodeJS.ErrnoException, port: number): string {
  if (err.code === 'EADDRINUSE') {
    return `port ${port} is already in use (another ticketbot?): stop that process or set PORT to a free port`;
  }
  if (err.code === 'EACCES')
    return `port ${port} needs more privileges than this process has: set PORT above 1023`;
  return `cannot listen on port ${port}: ${err.message}`;
}

/** Listens on every interface; resolves with the address, or rejects with a ListenError. */
export function listen(server: restify.Server, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    // restify re-emits the HTTP server's errors; without a listener a busy port would crash with a stack.
    const onError = (err: NodeJS.ErrnoException) => reject(new ListenError(explain(err, port)));
    server.once('error', onError);
    server.listen(port, () => {
      server.removeListener('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}
