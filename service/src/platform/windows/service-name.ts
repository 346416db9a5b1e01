/** The SCM name of Tandem's service; also what agents verify their pipe's server against. */
export const DEFAULT_SERVICE_NAME = 'Tandem';
