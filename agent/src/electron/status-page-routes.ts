/**
 * How requests for the status page are answered: a fixed allowlist of files, never a path
 * taken from the URL, so no request can reach a file outside the page (`..`, encoded slashes and
 * absolute paths all fall through to 404). The Electron protocol handler (answerPageRequest) and
 * the test's loopback server both answer through routePageRequest.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Privileges } from 'electron';
import { RENDERER_BUILD_DIR, RENDERER_SOURCE_DIR } from './agent-paths.js';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';

/** The page is served on a privileged custom scheme rather than file://, as Electron advises. */
export const STATUS_PAGE_SCHEME = 'tandem';
export const STATUS_PAGE_ORIGIN = `${STATUS_PAGE_SCHEME}://status`;
export const STATUS_PAGE_URL = `${STATUS_PAGE_ORIGIN}/index.html`;

/**
 * What the scheme may do (protocol.registerSchemesAsPrivileged, before 'ready'), and no more:
 *   - standard: the scheme gets an origin, `tandem://status`, so that 'self' in the CSP matches the
 *     page's own files and its module scripts resolve their relative imports (Electron's docs: a
 *     non-standard scheme behaves like file: without relative URLs);
 *   - secure: a secure context, as https would be;
 *   - supportFetchAPI: Blink fetches module scripts with the machinery of fetch(), and Electron's
 *     protocol examples register it beside standard; the page itself fetches nothing (the CSP's
 *     connect-src is 'none'), so it adds no reach.
 * Left out on purpose: corsEnabled (the page and its modules are one origin, which needs no CORS;
 * it would let any other origin read tandem:// responses, as Electron serves registered schemes
 * without checking Access-Control-Allow-Origin), bypassCSP, allowServiceWorkers, stream, codeCache.
 */
export const STATUS_PAGE_PRIVILEGES: Privileges = { standard: true, secure: true, supportFetchAPI: true };

export interface PageRoute {
  readonly status: 200 | 404 | 405;
  /** The file to send with a 200; null otherwise. */
  readonly file: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

export interface PageRoots {
  readonly source: string;
  readonly build: string;
}

const DEFAULT_ROOTS: PageRoots = { source: RENDERER_SOURCE_DIR, build: RENDERER_BUILD_DIR };
const SCRIPT_NAME = /^\/([a-z][a-z0-9-]{0,63})\.js$/;

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export function routePageRequest(method: string, pathname: string, roots: PageRoots = DEFAULT_ROOTS): PageRoute {
  if (method !== 'GET') return { status: 405, file: null, headers: { ...SECURITY_HEADERS, Allow: 'GET' } };
  const found = resolve(pathname, roots);
  if (found === null) return { status: 404, file: null, headers: SECURITY_HEADERS };
  return { status: 200, file: found.file, headers: { ...SECURITY_HEADERS, 'Content-Type': found.type } };
}

/** The answer to a request on the scheme: only the host `status` serves the page. */
export async function answerPageRequest(request: Request, roots: PageRoots = DEFAULT_ROOTS): Promise<Response> {
  const url = new URL(request.url);
  const route = routePageRequest(request.method, url.host === 'status' ? url.pathname : '/not-found', roots);
  if (route.file === null) return new Response(null, { status: route.status, headers: route.headers });
  return new Response(await readFile(route.file), { status: route.status, headers: route.headers });
}

/** True for a URL of the status page; IPC from any other frame is refused. */
export function isStatusPageUrl(url: string): boolean {
  return url.startsWith(`${STATUS_PAGE_ORIGIN}/`);
}

function resolve(pathname: string, roots: PageRoots): { file: string; type: string } | null {
  if (pathname === '/' || pathname === '/index.html') return { file: path.join(roots.source, 'index.html'), type: 'text/html; charset=utf-8' };
  if (pathname === '/styles.css') return { file: path.join(roots.source, 'styles.css'), type: 'text/css; charset=utf-8' };
  const script = SCRIPT_NAME.exec(pathname);
  if (script?.[1] !== undefined) return { file: path.join(roots.build, `${script[1]}.js`), type: 'text/javascript; charset=utf-8' };
  return null;
}
