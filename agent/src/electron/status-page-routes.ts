/**
 * How requests for the status page are answered: a fixed allowlist of files, never a path
 * taken from the URL, so no request can reach a file outside the page (`..`, encoded slashes and
 * absolute paths all fall through to 404). The Electron protocol handler and the test's
 * loopback server both answer through this function.
 */
import path from 'node:path';
import { RENDERER_BUILD_DIR, RENDERER_SOURCE_DIR } from './agent-paths.js';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';

/** The page is served on a privileged custom scheme rather than file://, as Electron advises. */
export const STATUS_PAGE_SCHEME = 'tandem';
export const STATUS_PAGE_ORIGIN = `${STATUS_PAGE_SCHEME}://status`;
export const STATUS_PAGE_URL = `${STATUS_PAGE_ORIGIN}/index.html`;

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
