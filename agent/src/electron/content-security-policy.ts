/**
 * The status window's Content-Security-Policy, sent as a header with every page response.
 * The page is our own static HTML, CSS and scripts; it needs nothing else, so it gets nothing
 * else: no inline script or style, no eval, no network, no frames, no forms, no plugins. Trusted
 * Types with no policy allowed make every DOM sink that could run a string as code throw, so
 * the page can only ever write text.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'none'",
  "img-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');
