/** A connection to the service's admin endpoint, as tandemctl, tests and benchmarks open it. */
import { commands, events, PRODUCT, PRODUCT_VERSION, RpcClient, SocketConnector, type Commands, type Connector, type Events } from '@tandem/shared';

export interface AdminClientOptions {
  readonly address: string;
  /** How to reach `address`; the Windows build passes a connector that verifies the pipe's server. */
  readonly connector?: Connector;
  readonly client?: string;
  readonly timeoutMs?: number;
}

export function connectAdmin(options: AdminClientOptions): Promise<RpcClient<Commands, Events>> {
  return RpcClient.connect<Commands, Events>({
    connector: options.connector ?? new SocketConnector(options.address),
    commands,
    events,
    role: 'admin',
    client: options.client ?? `tandemctl/${PRODUCT_VERSION}`,
    product: PRODUCT,
    ...(options.timeoutMs === undefined ? {} : { requestTimeoutMs: options.timeoutMs }),
  });
}
