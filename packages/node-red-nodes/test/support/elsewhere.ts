/**
 * A server on another port standing in for a host nobody configured: it records every request it gets, so
 * a test can assert that a credential never reached it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Elsewhere {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  /** host:port */
  host: string;
  /** One line per request: method, URL, Authorization header and body. */
  received: string[];
  close(): Promise<void>;
}

export async function startElsewhere(): Promise<Elsewhere> {
  const received: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''} ${body}`);
      // What a token endpoint answers to a code it never issued.
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${host}`,
    host,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
