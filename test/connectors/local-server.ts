/** A local HTTP server for the connector specs: answers with `respond`, records every request it got. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface LocalServer {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  received: Received[];
  respond: (request: Received, response: ServerResponse) => void;
  close(): Promise<void>;
}

export async function startLocalServer(): Promise<LocalServer> {
  const local: LocalServer = {
    baseUrl: '',
    received: [],
    respond: (_, response) => response.end(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received = {
        method: req.method ?? '',
        url: new URL(req.url ?? '/', local.baseUrl),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      local.received.push(received);
      local.respond(received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  local.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = local.close;
  local.close = () => {
    server.closeAllConnections();
    return close();
  };
  return local;
}

export function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
