/** The service, this session and the settings, each as a list of terms and values. */
import type { StatusView } from '../bridge/status-view.js';
import { formatDuration } from './display-format.js';
import { byId, element } from './element.js';

type Fact = readonly [term: string, value: string];

export function renderFacts(view: StatusView): void {
  fill('service', serviceFacts(view));
  fill('session', sessionFacts(view));
  fill('settings', settingsFacts(view));
  byId('footer', HTMLElement).textContent = `Tandem tray ${view.agentVersion}`;
}

function serviceFacts({ service }: StatusView): Fact[] {
  if (service === null) return [['Connection', 'Not connected']];
  return [
    ['Version', `${service.product} ${service.version}`],
    ['Platform', service.platform === null ? 'Unknown yet' : service.platform === 'windows' ? 'Windows service' : 'Console mode'],
    ['Running for', service.uptimeSeconds === null ? 'Unknown yet' : formatDuration(service.uptimeSeconds)],
  ];
}

function sessionFacts({ session }: StatusView): Fact[] {
  if (session.id === null) return [['Session', 'Unknown until the service answers']];
  const facts: Fact[] = [['Session', String(session.id)]];
  if (session.user !== null) facts.push(['User', session.user]);
  if (session.agentState !== null) facts.push(['Tray agent', session.agentState]);
  if (session.pid !== null) facts.push(['Process id', String(session.pid)]);
  if (session.restarts !== null) facts.push(['Restarts', String(session.restarts)]);
  return facts;
}

function settingsFacts({ settings }: StatusView): Fact[] {
  const facts: Fact[] = [
    ['Quiet hours', settings.quietHours === null ? 'None' : `${settings.quietHours.start} to ${settings.quietHours.end} (only errors pop up)`],
    ['Pop-ups', `At most ${settings.notificationsPerMinute} a minute`],
  ];
  if (settings.supportText !== '') facts.push(['Support', settings.supportText]);
  return facts;
}

function fill(id: string, facts: readonly Fact[]): void {
  byId(id, HTMLDListElement).replaceChildren(...facts.flatMap(([term, value]) => [element('dt', {}, [term]), element('dd', {}, [value])]));
}
