/** An AgentCore wired to a StubService, with the events it emitted collected for assertions. */
import { SocketConnector, type BackoffPolicy } from '@tandem/shared';
import { AgentCore, type AgentEvent } from '../../src/core/agent-core.js';
import { SESSION_ID, StubService, until, type StubServiceOptions } from '../support/stub-service.js';

export class AgentHarness {
  readonly service = new StubService();
  readonly events: AgentEvent[] = [];
  readonly core: AgentCore;

  constructor(expectedSessionId: number | null = SESSION_ID, reconnect?: BackoffPolicy) {
    this.core = new AgentCore({
      connector: new SocketConnector(this.service.address),
      clientName: 'tandem-agent/test',
      expectedSessionId,
      ...(reconnect === undefined ? {} : { reconnect }),
    });
    this.core.events.subscribe((event) => this.events.push(event));
  }

  /** Starts the service, then the agent, and waits until the agent got its first status. */
  async connect(options: StubServiceOptions = {}): Promise<void> {
    await this.service.start(options);
    this.core.start();
    await until(() => this.service.calls.includes('status') && this.core.view().service?.platform != null, 'the first status');
  }

  of<T extends AgentEvent['type']>(type: T): Array<Extract<AgentEvent, { type: T }>> {
    return this.events.filter((event): event is Extract<AgentEvent, { type: T }> => event.type === type);
  }

  async dispose(): Promise<void> {
    this.core.stop();
    await this.service.dispose();
  }
}
