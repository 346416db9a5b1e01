/** Serves the status page on `tandem://status/` from the allowlist in status-page-routes.ts. */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { routePageRequest, STATUS_PAGE_SCHEME } from './status-page-routes.js';

/**
 * Must run before the app is ready. `standard` gives the scheme an origin, so 'self' in the CSP
 * and same-origin module scripts work; `secure` makes it a secure context like https.
 */
export function registerStatusPageScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: STATUS_PAGE_SCHEME, privileges: { standard: true, secure: true } }]);
}

export function serveStatusPage(): void {
  protocol.handle(STATUS_PAGE_SCHEME, async (request) => {
    const url = new URL(request.url);
    const route = url.host === 'status' ? routePageRequest(request.method, url.pathname) : routePageRequest(request.method, '/not-found');
    if (route.file === null) return new Response(null, { status: route.status, headers: route.headers });
    return new Response(await readFile(route.file), { status: route.status, headers: route.headers });
  });
}
