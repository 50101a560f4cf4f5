// `gaiconf host capture|show`: the live host (this network namespace) as a scenario `host`
// object: JSON ready to replay with `simulate --host FILE`, or a table for people.
// Warnings (what the format cannot say) go to stderr, so stdout stays the JSON alone.
import type { Command } from 'commander';
import type { CapturedHost, CaptureSource } from '../../adapters/host-from-linux.js';
import type { RouteTable, ScenarioAddress, ScenarioHost, ScenarioInterface, ScenarioRule } from '../../scenario/types.js';
import { CliError, EXIT } from '../exit-codes.js';
import { styleFor, table, type Style } from '../style.js';
import { captureOrFail, warn } from './check.js';

interface HostFlags {
  source?: string;
  quiet?: boolean;
}

function sourceOf(flags: HostFlags): CaptureSource {
  const s = flags.source ?? 'auto';
  if (s !== 'auto' && s !== 'ip' && s !== 'proc') throw new CliError(`--source ${s}: unknown reader`, EXIT.BAD_INPUT, 'use auto, ip or proc');
  return s;
}

const addressText = (a: ScenarioAddress): string => {
  if (typeof a === 'string') return a;
  const flags: string[] = (['deprecated', 'home', 'temporary', 'optimistic', 'noprefixroute'] as const).filter((f) => a[f]);
  if (a.scope !== undefined) flags.push(`scope ${a.scope}`);
  const text = a.peer !== undefined ? `${a.address} peer ${a.peer}` : a.address;
  return flags.length ? `${text} (${flags.join(', ')})` : text;
};

const tableText = (t: RouteTable | undefined): string => (t === undefined ? 'main' : String(t));
const tableRank = (t: RouteTable | undefined): number => (t === undefined || t === 'main' ? 0 : t === 'local' ? 1 : t === 'default' ? 2 : 3);

/** A rule as `ip rule` prints it. */
export function ruleText(r: ScenarioRule): string {
  const w: string[] = [];
  if (r.not) w.push('not');
  w.push(`from ${r.from ?? 'all'}`);
  if (r.to !== undefined) w.push(`to ${r.to}`);
  if (r.tos !== undefined) w.push(`tos ${r.tos}`);
  if (r.fwmark !== undefined) w.push(`fwmark ${typeof r.fwmark === 'number' ? `0x${r.fwmark.toString(16)}` : r.fwmark}`);
  if (r.iif !== undefined) w.push(`iif ${r.iif}`);
  if (r.oif !== undefined) w.push(`oif ${r.oif}`);
  if (r.uidrange !== undefined) w.push(`uidrange ${r.uidrange}`);
  if (r.ipproto !== undefined) w.push(`ipproto ${r.ipproto}`);
  if (r.sport !== undefined) w.push(`sport ${r.sport}`);
  if (r.dport !== undefined) w.push(`dport ${r.dport}`);
  const action = r.action ?? (r.goto !== undefined ? 'goto' : 'table');
  if (action === 'table') w.push(`lookup ${tableText(r.table)}`);
  else if (action === 'goto') w.push(`goto ${r.goto}`);
  else w.push(action);
  if (r.suppressPrefixlength !== undefined) w.push(`suppress_prefixlength ${r.suppressPrefixlength}`);
  if (r.suppressIfgroup !== undefined) w.push(`suppress_ifgroup ${r.suppressIfgroup}`);
  return w.join(' ');
}

const DEFAULT_RULES: Record<4 | 6, [number, string][]> = {
  4: [[0, 'from all lookup local'], [32766, 'from all lookup main'], [32767, 'from all lookup default']],
  6: [[0, 'from all lookup local'], [32766, 'from all lookup main']],
};

/** The host as aligned tables: interfaces with addresses, routes per table, rules per family,
 * address labels, then settings. */
export function renderHost(c: CapturedHost, st: Style): string {
  const h: ScenarioHost = c.host;
  const out: string[] = [st.bold(`live host · read with ${c.method === 'ip' ? '`ip -j`' : '/proc'}`)];
  const rows = [['interface', 'state', 'addresses'].map(st.dim)];
  const lo = h.interfaces.find((i) => i.name === 'lo');
  const loIpv6 = h.ipv6 !== false && lo?.disableIpv6 !== true;
  const stateOf = (i: ScenarioInterface | undefined): string => {
    const parts = [i?.up === false ? st.yellow('down') : 'up'];
    if (i?.disableIpv6) parts.push(st.yellow('IPv6 off'));
    if (i?.group !== undefined && i.group !== 0) parts.push(`group ${i.group}`);
    return parts.join(', ');
  };
  const loAddrs = [st.dim(`127.0.0.1/8${loIpv6 ? ', ::1/128' : ''} (implicit)`), ...(lo?.addresses ?? []).map(addressText)];
  rows.push(['lo', stateOf(lo), loAddrs[0]!]);
  for (const a of loAddrs.slice(1)) rows.push(['', '', a]);
  for (const i of h.interfaces) {
    if (i.name === 'lo') continue;
    const addrs = i.addresses.map(addressText);
    rows.push([i.name, stateOf(i), addrs[0] ?? st.dim('-')]);
    for (const a of addrs.slice(1)) rows.push(['', '', a]);
  }
  out.push(table(rows));
  out.push('');
  const routes = [...(h.routes ?? [])].map((r, i) => ({ r, i })).sort((a, b) => tableRank(a.r.table) - tableRank(b.r.table) || (typeof a.r.table === 'number' && typeof b.r.table === 'number' ? a.r.table - b.r.table : 0) || a.i - b.i);
  if (routes.length) {
    const r = [['table', 'route', 'from', 'via', 'dev', 'src', 'type', 'metric', 'scope'].map(st.dim)];
    for (const { r: x } of routes) {
      const type = x.type ?? 'unicast';
      const common = [x.src ?? '', type, x.metric === undefined ? '' : String(x.metric), x.scope ?? ''];
      if (x.nexthops) {
        r.push([tableText(x.table), x.to, x.from ?? '', st.dim(`${x.nexthops.length} next hops:`), '', ...common]);
        for (const hop of x.nexthops) r.push(['', '', '', `${hop.via ?? ''}${hop.weight !== undefined && hop.weight !== 1 ? ` (weight ${hop.weight})` : ''}`, hop.dev ?? '', '', '', '', '']);
      } else {
        r.push([tableText(x.table), x.to, x.from ?? '', x.via ?? '', x.dev ?? '', ...common]);
      }
    }
    out.push(table(r));
  } else {
    out.push(st.dim('no routes besides the connected ones'));
  }
  out.push(st.dim('(local, broadcast and connected routes the kernel makes from addresses are not listed: the simulator derives them)'));
  const families: (4 | 6)[] = h.ipv6 === false ? [4] : [4, 6];
  const custom = h.rules ?? [];
  const defaults = h.defaultRules !== false;
  if (custom.length || !defaults) {
    for (const f of families) {
      const list: { priority: number; text: string; dflt: boolean; i: number }[] = [];
      if (defaults) DEFAULT_RULES[f].forEach(([priority, text], i) => list.push({ priority, text, dflt: true, i: -10 + i }));
      custom.forEach((r, i) => {
        const fam = r.family ?? ([r.from, r.to].find((x) => x !== undefined && x !== 'all')?.includes(':') ? 6 : [r.from, r.to].some((x) => x !== undefined && x !== 'all') ? 4 : null);
        if (fam !== null && fam !== f) return;
        list.push({ priority: r.priority ?? -1, text: ruleText(r), dflt: false, i });
      });
      list.sort((a, b) => a.priority - b.priority || a.i - b.i);
      out.push('');
      out.push(st.dim(`IPv${f} rules (ip -${f} rule)${defaults ? '' : ' — the kernel defaults were changed: every rule is listed'}`));
      for (const x of list) {
        const line = `  ${(x.priority < 0 ? '(next free)' : String(x.priority)).padStart(6)}:  ${x.text}`;
        out.push(x.dflt ? st.dim(`${line}  (kernel default)`) : line);
      }
    }
  } else {
    out.push(st.dim('rules: the kernel defaults only (local, main, default)'));
  }
  if (h.addrlabels?.length) {
    out.push('');
    out.push(st.dim('address labels added to the kernel\'s table (ip addrlabel)'));
    for (const l of h.addrlabels) out.push(`  prefix ${l.prefix}${l.dev ? ` dev ${l.dev}` : ''} label ${l.label}`);
  }
  out.push('');
  out.push(`IPv6: ${h.ipv6 === false ? st.yellow('disabled') : 'enabled'}    use_tempaddr: ${h.useTempaddr ?? 0}`);
  if (c.warnings.length) {
    out.push('');
    for (const w of c.warnings) out.push(`${st.yellow('warning:')} ${w}`);
  }
  if (c.notes.length) {
    out.push('');
    for (const n of c.notes) out.push(st.dim(`note: ${n}`));
  }
  return out.join('\n');
}

export function registerHost(program: Command): void {
  const host = program.command('host').description('the live host (this network namespace) as a scenario host');
  host
    .command('capture')
    .description('print the live host as a scenario "host" object (JSON), ready for simulate --host FILE')
    .option('--source <reader>', 'auto (ip when it works, else /proc), ip or proc', 'auto')
    .option('--quiet', 'no warnings on stderr')
    .action((flags: HostFlags) => {
      const c = captureOrFail(sourceOf(flags), 'run it on the Linux host (or inside the container) to capture');
      if (!flags.quiet) warn(c.warnings);
      process.stdout.write(`${JSON.stringify(c.host, null, 2)}\n`);
    });
  host
    .command('show')
    .description('print the live host for people: interfaces, addresses, routes, warnings')
    .option('--source <reader>', 'auto (ip when it works, else /proc), ip or proc', 'auto')
    .action((flags: HostFlags) => {
      const c = captureOrFail(sourceOf(flags), 'run it on the Linux host (or inside the container) to capture');
      process.stdout.write(`${renderHost(c, styleFor(process.stdout))}\n`);
    });
  for (const c of host.commands) c.exitOverride();
  host.exitOverride();
}
