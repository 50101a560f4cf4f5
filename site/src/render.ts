// The result: one card per profile, side by side — the order with each answer's source, labels,
// precedence and scope, the rule that decided each adjacent pair, the hint and the notes.
import { scopeName, type ResultEntry, type SimulationResult } from '../../src/index.js';
import { h } from './dom.js';
import { PROFILE_TITLES } from './model.js';

function facts(e: ResultEntry): (Node | string)[] {
  const out: (Node | string)[] = [];
  if (e.source !== null) out.push('from ', h('code', {}, e.source));
  else out.push(h('strong', { class: 'unusable' }, `unusable (${e.errno ?? 'no source'})`));
  if (e.sourceCandidates && e.sourceCandidates.length > 1) out.push(` (multipath: ${e.sourceCandidates.join(' or ')})`);
  const labels = `label ${e.label}/${e.sourceLabel ?? '–'}`;
  const flags = [e.deprecated ? 'deprecated source' : null, e.home ? 'home address' : null].filter(Boolean).join(', ');
  out.push(h('br'), `${labels} · precedence ${e.precedence} · ${scopeName(e.scope).replace(/ \(\d+\)$/, '')}${flags ? ` · ${flags}` : ''}`);
  return out;
}

/** Positions whose address differs between the profiles that returned something. */
function differing(results: readonly SimulationResult[]): Set<number> {
  const out = new Set<number>();
  const ok = results.filter((r) => r.order.length > 0);
  const n = Math.max(0, ...ok.map((r) => r.order.length));
  for (let i = 0; i < n; i++) if (new Set(ok.map((r) => r.order[i])).size > 1) out.add(i);
  return out;
}

export function profileCard(r: SimulationResult, differs: ReadonlySet<number>): HTMLElement {
  const title = PROFILE_TITLES[r.profile] ?? r.profile;
  const headingId = `profile-${r.profile}`;
  const items = r.results.map((e, i) => {
    const next = r.results[i + 1];
    const step = next ? r.explain.find((x) => x.first === e.address && x.second === next.address) : undefined;
    return h(
      'li',
      { class: `answer${differs.has(i) ? ' differs' : ''}`, 'data-address': e.address, 'data-source': e.source ?? e.errno ?? '' },
      h('div', { class: 'addr' }, h('code', {}, e.address), differs.has(i) ? h('span', { class: 'differs-mark', title: 'the profiles disagree on this position' }, h('span', { 'aria-hidden': 'true' }, ' *'), h('span', { class: 'sr-only' }, ' (the profiles disagree on this position)')) : null),
      h('div', { class: 'facts' }, facts(e)),
      step
        ? h(
            'div',
            { class: 'why', 'data-rule': String(step.rule) },
            h('span', { class: 'rule' }, `↓ ${step.ruleName}`),
            step.compared ? null : h('span', { class: 'uncompared' }, ' (not compared by the sort)'),
            h('span', { class: 'why-text' }, step.text.startsWith(`${step.ruleName}: `) ? step.text.slice(step.ruleName.length + 2) : step.text),
          )
        : null,
    );
  });
  return h(
    'article',
    { class: 'profile', 'data-profile': r.profile, 'data-status': r.status, 'data-order': r.order.join(','), 'aria-labelledby': headingId },
    h('h3', { id: headingId }, title, r.glibc ? h('span', { class: 'version' }, ` ${r.glibc}`) : null, ' ', h('span', { class: `badge ${r.status === 'OK' ? 'ok' : 'bad'}` }, r.status)),
    r.results.length ? h('ol', { class: 'answers' }, items) : h('p', { class: 'empty' }, 'No answer.'),
    r.undefinedBehavior ? h('p', { class: 'warning' }, r.undefinedBehavior) : null,
    r.possibleOrders && r.possibleOrders.length > 1 ? h('p', { class: 'note' }, `Multipath: the order may also be ${r.possibleOrders.slice(1).map((o) => o.join(', ')).join(' or ')}.`) : null,
    r.hint ? h('p', { class: 'hint', 'data-hint': '' }, r.hint) : null,
    r.notes.length ? h('ul', { class: 'notes' }, r.notes.map((n) => h('li', {}, n))) : null,
  );
}

export function profileCards(results: readonly SimulationResult[]): HTMLElement[] {
  const d = differing(results);
  return results.map((r) => profileCard(r, d));
}

/** One sentence for the status line. */
export function summary(results: readonly SimulationResult[]): string {
  const g = results[0];
  if (!g) return '';
  if (g.status !== 'OK') return `glibc: ${g.status}.`;
  const first = g.explain[0];
  const same = results.filter((r) => r.order.join() === g.order.join()).map((r) => PROFILE_TITLES[r.profile] ?? r.profile);
  const others = results.filter((r) => r.order.join() !== g.order.join());
  const lead = `${same.join(', ')}: ${g.order.join(', ') || 'no answer'}${first ? ` (${first.ruleName} decides the first pair)` : ''}.`;
  return others.length ? `${lead} ${others.map((r) => `${PROFILE_TITLES[r.profile] ?? r.profile}: ${r.order.join(', ') || r.status}`).join('; ')}.` : lead;
}

/** The route (and rule) each answer's connect() goes through: the same for every profile. */
export function routesTable(r: SimulationResult): HTMLElement {
  return h(
    'table',
    { class: 'routes' },
    h('caption', {}, 'The route each answer’s connect() takes, as ip route and ip rule print it'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'address'), h('th', { scope: 'col' }, 'route'), h('th', { scope: 'col' }, 'rule'))),
    h(
      'tbody',
      {},
      r.routes.map((t) => h('tr', {}, h('th', { scope: 'row' }, h('code', {}, t.address)), h('td', {}, t.route !== null ? h('code', {}, t.route) : (t.errno ?? '—')), h('td', {}, t.rule !== null ? h('code', {}, t.rule) : '—'))),
    ),
  );
}
