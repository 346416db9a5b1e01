/**
 * Checks a command that came from the status window (a renderer is untrusted: a compromised
 * page could send anything) or from the menu, against the tray configuration in force. A link
 * or an action the administrator did not configure is refused, so the page cannot make the
 * agent open arbitrary URLs or run arbitrary actions.
 */
import { TandemError, type TrayView } from '@tandem/shared';
import type { UserCommand, UserCommandType } from '../bridge/user-command.js';

const TYPES: readonly UserCommandType[] = ['open-status', 'open-link', 'run-action', 'collect-diagnostics', 'refresh', 'quit'];

export function parseUserCommand(input: unknown, tray: TrayView): UserCommand {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalid(`Expected a command object, got ${describe(input)}`);
  }
  const record = input as Record<string, unknown>;
  const type = record['type'];
  if (!isCommandType(type)) throw invalid(`Expected \`type\` to be one of ${TYPES.join(', ')}, got ${describe(type)}`);
  const expectedKeys = type === 'open-link' ? ['type', 'url'] : type === 'run-action' ? ['type', 'id'] : ['type'];
  const extra = Object.keys(record).filter((key) => !expectedKeys.includes(key));
  if (extra.length > 0) throw invalid(`Unexpected key \`${extra[0]}\` in a ${type} command`);
  switch (type) {
    case 'open-link': {
      const url = record['url'];
      if (typeof url !== 'string') throw invalid(`Expected \`url\` to be a string, got ${describe(url)}`);
      if (!tray.links.some((link) => link.url === url)) throw forbidden(`the link ${JSON.stringify(url.slice(0, 200))} is not in the tray configuration`);
      return { type, url };
    }
    case 'run-action': {
      const id = record['id'];
      if (typeof id !== 'string') throw invalid(`Expected \`id\` to be a string, got ${describe(id)}`);
      if (!tray.actions.some((action) => action.id === id)) throw forbidden(`the action ${JSON.stringify(id.slice(0, 64))} is not in the tray configuration`);
      return { type, id };
    }
    default:
      return { type };
  }
}

function isCommandType(value: unknown): value is UserCommandType {
  return typeof value === 'string' && (TYPES as readonly string[]).includes(value);
}

function describe(value: unknown): string {
  if (value === null) return '`null`';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `\`${value.slice(0, 64)}\` (string)`;
  if (typeof value === 'object') return 'an object';
  return `\`${String(value)}\` (${typeof value})`;
}

function invalid(message: string): TandemError {
  return new TandemError('E_INVALID_PARAMS', message);
}

function forbidden(message: string): TandemError {
  return new TandemError('E_FORBIDDEN', message);
}
