import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { RENDERER_BUILD_DIR } from '../../src/electron/agent-paths.js';
import { CONTENT_SECURITY_POLICY } from '../../src/electron/content-security-policy.js';
import { answerPageRequest, isStatusPageUrl, routePageRequest, STATUS_PAGE_PRIVILEGES, STATUS_PAGE_URL } from '../../src/electron/status-page-routes.js';

describe('status page routes', () => {
  it('serves the page, its styles and its scripts, each with the CSP', () => {
    for (const [pathname, type] of [
      ['/', 'text/html; charset=utf-8'],
      ['/index.html', 'text/html; charset=utf-8'],
      ['/styles.css', 'text/css; charset=utf-8'],
      ['/app.js', 'text/javascript; charset=utf-8'],
    ] as const) {
      const route = routePageRequest('GET', pathname);
      assert.equal(route.status, 200, pathname);
      assert.ok(route.file !== null && existsSync(route.file), `${pathname} → ${route.file}`);
      assert.equal(route.headers['Content-Type'], type);
      assert.equal(route.headers['Content-Security-Policy'], CONTENT_SECURITY_POLICY);
      assert.equal(route.headers['X-Content-Type-Options'], 'nosniff');
    }
  });

  it('can serve every module the page imports', () => {
    const scripts = readdirSync(RENDERER_BUILD_DIR).filter((name) => name.endsWith('.js'));
    assert.ok(scripts.includes('app.js'));
    for (const script of scripts) {
      for (const [, imported] of readFileSync(path.join(RENDERER_BUILD_DIR, script), 'utf8').matchAll(/from '\.\/([^']+)'/g)) {
        const route = routePageRequest('GET', `/${imported}`);
        assert.equal(route.status, 200, `${script} imports ${imported}`);
      }
    }
  });

  it('answers anything else with 404, so no URL reaches another file', () => {
    for (const pathname of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/sub/app.js', '/App.js', '/app.js.map', '/app.ts', '/preload.cjs', '/index.htm', '//etc/passwd', '/C:/Windows/win.ini']) {
      const route = routePageRequest('GET', pathname);
      assert.deepEqual([route.status, route.file], [404, null], pathname);
      assert.equal(route.headers['Content-Security-Policy'], CONTENT_SECURITY_POLICY);
    }
  });

  it('answers only GET', () => {
    const route = routePageRequest('POST', '/index.html');
    assert.equal(route.status, 405);
    assert.equal(route.headers['Allow'], 'GET');
  });

  it('recognises the status page origin exactly', () => {
    assert.equal(STATUS_PAGE_URL, 'tandem://status/index.html');
    assert.equal(isStatusPageUrl('tandem://status/index.html'), true);
    for (const url of ['tandem://status', 'tandem://statusx/index.html', 'tandem://status.evil/index.html', 'https://status/index.html', 'file:///tandem://status/', '']) {
      assert.equal(isStatusPageUrl(url), false, url);
    }
  });

  it('answers requests on the scheme with the files, and 404 for any host but status', async () => {
    const page = await answerPageRequest(new Request(STATUS_PAGE_URL));
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('Content-Type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('Content-Security-Policy'), CONTENT_SECURITY_POLICY);
    const script = routePageRequest('GET', '/app.js').file ?? '';
    const served = await answerPageRequest(new Request('tandem://status/app.js'));
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), readFileSync(script));
    assert.equal(served.headers.get('Content-Type'), 'text/javascript; charset=utf-8');
    for (const url of ['tandem://other/index.html', 'tandem://status/../package.json', 'tandem://status/%2e%2e/package.json']) {
      const answer = await answerPageRequest(new Request(url));
      assert.equal(answer.status, 404, url);
      assert.equal(await answer.text(), '', url);
    }
    assert.equal((await answerPageRequest(new Request(STATUS_PAGE_URL, { method: 'POST' }))).status, 405);
  });

  it('registers the scheme standard, secure and fetch-capable, and nothing that widens who may read it', () => {
    assert.deepEqual(STATUS_PAGE_PRIVILEGES, { standard: true, secure: true, supportFetchAPI: true });
  });
});
