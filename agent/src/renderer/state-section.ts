/** The header: the state's headline and what it means, as a polite live region. */
import type { StateSummary } from '../bridge/status-view.js';
import { byId, element, setText } from './element.js';

export function renderState(state: StateSummary): void {
  const header = byId('state', HTMLElement);
  header.dataset['kind'] = state.kind;
  setText(byId('headline', HTMLHeadingElement), state.headline);
  setText(byId('detail', HTMLParagraphElement), state.detail);
  const problems = byId('problems', HTMLUListElement);
  const current = [...problems.children].map((item) => item.textContent ?? '');
  if (current.join('\n') !== state.problems.join('\n')) problems.replaceChildren(...state.problems.map((problem) => element('li', {}, [problem])));
  problems.hidden = state.problems.length === 0;
}
