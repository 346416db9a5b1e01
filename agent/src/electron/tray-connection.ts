/**
 * The tray's connector, and the name the tray gives itself in its hello, which says how it checks
 * the pipe's server: `tandem-tray/0.1.0 (verified pipe)`. The service shows the name of each
 * agent's own connection (`tandemctl status --json`: agents[].client), so the Windows workflow
 * can see that the packaged tray connected through the verified pipe connector: koffi loaded
 * from the app's unpacked folder, and the tray's executable exports uv_open_osfhandle.
 */
import { HELLO_NAME_MAX, type Connector } from '@tandem/shared';
import { connectorCheck, type ConnectorOptions } from '@tandem/service/platform/connector';
import { createConnector } from '../headless/connector.js';

export function trayConnection(endpoint: string, client: string, options: ConnectorOptions = {}): { connector: Connector; clientName: string } {
  const connector = createConnector(endpoint, options);
  const check = ` (${connectorCheck(connector)})`;
  return { connector, clientName: `${client.slice(0, HELLO_NAME_MAX - check.length)}${check}` };
}
