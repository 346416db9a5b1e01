/**
 * Who the service says it is (`tandem/0.1.0` in its welcome) and whether this agent can work
 * with it. Agent and service ship together in one installer, so a difference means an update
 * is half done: the agent says so instead of failing in odd ways.
 */

export interface ServiceIdentity {
  readonly name: string;
  readonly version: string;
}

const PRODUCT_PATTERN = /^([a-z][a-z0-9-]{0,31})\/(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.-]{1,32})?$/;

/** Parses `name/major.minor.patch`; null when the text is not of that form. */
export function parseProduct(product: string): ServiceIdentity | null {
  const match = PRODUCT_PATTERN.exec(product);
  if (match === null) return null;
  const [, name = '', major = '', minor = '', patch = ''] = match;
  return { name, version: `${major}.${minor}.${patch}` };
}

/**
 * Null when an agent of `agentVersion` can work with the service, else why not. The rule is a
 * caret range: the same major version, and below 1.0 the same minor too.
 */
export function incompatibility(service: ServiceIdentity, agentVersion: string): string | null {
  const theirs = service.version.split('.').map(Number);
  const ours = agentVersion.split('.').map(Number);
  const sameMajor = theirs[0] === ours[0];
  const sameMinor = theirs[1] === ours[1];
  if (sameMajor && (ours[0] !== 0 || sameMinor)) return null;
  return `the service is version ${service.version} and this tray is version ${agentVersion}`;
}
