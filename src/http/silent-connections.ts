import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Node's header and request timeouts start with a request's first byte: a connection that
 * never sends one was held for ever (thousands of them used up the file descriptors).
 * It gets as long as a request's headers; its first request hands it back to Node's own
 * timeouts (keep-alive sets and clears the socket's timer itself).
 */
export function closeSilentConnections(http: Server, ms: number): void {
  http.on('connection', (socket: Socket) => socket.setTimeout(ms));
  http.on('request', (req: IncomingMessage) => req.socket.setTimeout(0));
}
