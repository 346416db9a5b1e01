/** A tandemctl command once its arguments are parsed: the typed call to make and how to print what comes back. */
import type { Commands, Events, ParamsIn, ResultOf, RpcClient } from '@tandem/shared';

/** Bad arguments: exit code 2, before anything is sent. */
export class UsageError extends Error {}

export interface PlannedCall {
  /** The role the command needs: the admin endpoint, or a session's own (`--endpoint`). */
  readonly role: 'admin' | 'user';
  run(client: RpcClient<Commands, Events>, timeoutMs: number, json: boolean): Promise<PrintedResult>;
}

/** What a command prints, and whether what it asked for went well (a failed action run is exit 1). */
export interface PrintedResult {
  readonly text: string;
  readonly ok: boolean;
}

/** One call, printed as JSON or by `render`. */
export function plan<K extends keyof Commands & string>(
  command: K,
  params: ParamsIn<Commands, K>,
  render: (result: ResultOf<Commands, K>) => string,
  role: 'admin' | 'user' = 'admin',
): PlannedCall {
  return {
    role,
    async run(client, timeoutMs, json) {
      const result = await client.call(command, params, { timeoutMs });
      return { text: json ? JSON.stringify(result, null, 2) : render(result), ok: true };
    },
  };
}
