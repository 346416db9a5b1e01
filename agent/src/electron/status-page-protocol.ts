/** Serves the status page on `tandem://status/`, with the privileges and answers of status-page-routes.ts. */
import { protocol } from 'electron';
import { answerPageRequest, STATUS_PAGE_PRIVILEGES, STATUS_PAGE_SCHEME } from './status-page-routes.js';

/** Must run before the app is ready. */
export function registerStatusPageScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: STATUS_PAGE_SCHEME, privileges: STATUS_PAGE_PRIVILEGES }]);
}

export function serveStatusPage(): void {
  protocol.handle(STATUS_PAGE_SCHEME, (request) => answerPageRequest(request));
}
