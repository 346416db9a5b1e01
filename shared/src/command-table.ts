/**
 * The machinery of the command table: a command is declared once with its params and result
 * schemas and the role it needs; the server's router and the clients' typed calls are derived
 * from the declaration, so both ends cannot drift apart.
 */
import type { z } from 'zod';
import type { Role } from './messages.js';

export interface CommandSpec<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  /** The least role that may run the command. */
  readonly role: Role;
  /** One line for `--help` and for error messages. */
  readonly summary: string;
  readonly params: P;
  readonly result: R;
}

export type CommandTable = Readonly<Record<string, CommandSpec>>;

export function defineCommand<P extends z.ZodType, R extends z.ZodType>(spec: CommandSpec<P, R>): CommandSpec<P, R> {
  return spec;
}

export type CommandName<T extends CommandTable> = keyof T & string;
/** What a caller passes (defaults still optional). */
export type ParamsIn<T extends CommandTable, K extends keyof T> = z.input<T[K]['params']>;
/** What a handler receives (defaults filled in). */
export type ParamsOf<T extends CommandTable, K extends keyof T> = z.output<T[K]['params']>;
export type ResultOf<T extends CommandTable, K extends keyof T> = z.output<T[K]['result']>;

export type EventTable = Readonly<Record<string, z.ZodType>>;
export type EventName<T extends EventTable> = keyof T & string;
export type EventData<T extends EventTable, K extends keyof T> = z.output<T[K]>;
