// Human output for `gaiconf simulate`: the order as an aligned table, why, and the hint.
import { scopeName } from '../explain.js';
import type { SimulationResult } from '../simulate.js';
import { table, type Style } from './style.js';

export interface RenderOptions {
  explain: boolean;
  /** where the gai.conf came from, to place its diagnostics: a path, or `s.json (gaiConf)` */
  gaiConfFile?: string;
}

export function renderSimulation(r: SimulationResult, st: Style, opts: RenderOptions): string {
  const out: string[] = [];
  const title = `${r.name ?? 'scenario'} · profile ${r.profile}${r.glibc ? ` ${r.glibc}` : ''}`;
  out.push(st.bold(title));
  if (r.status !== 'OK') {
    out.push(`status: ${st.red(r.status)}${r.status === 'SIGSEGV' ? ' (the program calling getaddrinfo is killed)' : ''}`);
  }
  if (r.results.length) {
    const rows = [['#', 'address', 'source', 'label d/s', 'prec', 'scope'].map(st.dim)];
    r.results.forEach((e, i) =>
      rows.push([
        String(i + 1),
        e.address,
        e.source ?? st.red(`unusable (${e.errno ?? '?'})`),
        `${e.label}/${e.sourceLabel ?? '-'}`,
        String(e.precedence),
        scopeName(e.scope).replace(/ \(\d+\)/, ''),
      ]),
    );
    out.push(table(rows));
  }
  const steps = opts.explain ? r.explain : r.explain.slice(0, 1);
  if (steps.length) {
    out.push('');
    out.push(st.bold('why:'));
    for (const s of steps) out.push(`  ${s.first} before ${s.second}: ${s.text}`);
  }
  if (opts.explain && r.routes.length) {
    out.push('');
    out.push(st.bold('routes:'));
    for (const t of r.routes) out.push(`  ${t.address}: ${t.route ?? st.red(`no route (${t.errno})`)}${t.rule ? st.dim(`  [rule ${t.rule}]`) : ''}`);
  }
  if (opts.explain && r.notes.length) {
    out.push('');
    for (const n of r.notes) out.push(st.dim(`note: ${n}`));
  }
  for (const d of r.diagnostics) if (d.severity !== 'info') out.push(`${st.yellow(`${opts.gaiConfFile ?? 'gai.conf'}:${d.line}:${d.column}: ${d.severity}[${d.code}]`)} ${d.message}`);
  if (r.hint) {
    out.push('');
    out.push(`${st.green('hint:')} ${r.hint}`);
  }
  return out.join('\n');
}

/** `--profile all`: the profiles side by side, rows that differ from glibc marked. */
export function renderSideBySide(results: readonly SimulationResult[], st: Style): string {
  const depth = Math.max(...results.map((r) => r.order.length));
  const base = results[0]!;
  const rows = [['#', ...results.map((r) => r.profile)].map(st.dim)];
  for (let i = 0; i < depth; i++) {
    const cells = results.map((r) => (r.status !== 'OK' && i === 0 ? r.status : (r.order[i] ?? '')));
    const differs = results.some((r) => r.order[i] !== base.order[i] || r.status !== base.status);
    rows.push([differs ? st.yellow(`${i + 1}*`) : String(i + 1), ...cells]);
  }
  if (depth === 0) rows.push(['', ...results.map((r) => r.status)]);
  const lines = [st.bold(base.name ?? 'scenario'), table(rows)];
  if (results.some((r) => r.order.join() !== base.order.join() || r.status !== base.status)) lines.push(st.dim('* the profiles disagree on this position'));
  for (const r of results) if (r.explain[0]) lines.push(`${r.profile}: ${r.explain[0].text}`);
  // Each profile's hint: where a gai.conf fix helps glibc, the others say that they never read it.
  const hinted = results.filter((r) => r.hint);
  if (hinted.length) lines.push('');
  for (const r of hinted) lines.push(`${st.green(`hint (${r.profile}):`)} ${r.hint}`);
  return lines.join('\n');
}
