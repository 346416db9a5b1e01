/**
 * Serves the status page on loopback exactly as the Electron protocol handler does: the same
 * routes and the same headers (CSP included), from the same files.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { routePageRequest } from '../../src/electron/status-page-routes.js';

export interface PageServer {
  readonly origin: string;
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const server = http.createServer((request, response) => {
    const route = routePageRequest(request.method ?? 'GET', new URL(request.url ?? '/', 'http://localhost').pathname);
    if (route.file === null) {
      response.writeHead(route.status, route.headers).end();
      return;
    }
    readFile(route.file).then(
      (body) => response.writeHead(route.status, route.headers).end(body),
      () => response.writeHead(404, route.headers).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
