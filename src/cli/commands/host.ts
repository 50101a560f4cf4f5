// `gaiconf host capture|show`: the live host (this network namespace) as a scenario `host`
// object: JSON ready to replay with `simulate --host FILE`, or a table for people.
// Warnings (what the format cannot say) go to stderr, so stdout stays the JSON alone.
import type { Command } from 'commander';
import type { CapturedHost, CaptureSource } from '../../adapters/host-from-linux.js';
import type { ScenarioAddress, ScenarioHost } from '../../scenario/types.js';
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
  const flags = (['deprecated', 'home', 'temporary', 'optimistic', 'noprefixroute'] as const).filter((f) => a[f]);
  return flags.length ? `${a.address} (${flags.join(', ')})` : a.address;
};

/** The host as aligned tables: interfaces with addresses, then routes, then settings. */
export function renderHost(c: CapturedHost, st: Style): string {
  const h: ScenarioHost = c.host;
  const out: string[] = [st.bold(`live host · read with ${c.method === 'ip' ? '`ip -j`' : '/proc'}`)];
  const rows = [['interface', 'state', 'addresses'].map(st.dim)];
  rows.push(['lo', 'up', st.dim(`127.0.0.1/8${h.ipv6 === false ? '' : ', ::1/128'} (implicit)`)]);
  for (const i of h.interfaces) {
    const state = i.up === false ? st.yellow('down') : 'up';
    const addrs = i.addresses.map(addressText);
    rows.push([i.name, state, addrs[0] ?? st.dim('-')]);
    for (const a of addrs.slice(1)) rows.push(['', '', a]);
  }
  out.push(table(rows));
  out.push('');
  const routes = h.routes ?? [];
  if (routes.length) {
    const r = [['route', 'via', 'dev', 'src', 'type', 'metric'].map(st.dim)];
    for (const x of routes) r.push([x.to, x.via ?? '', x.dev ?? '', x.src ?? '', x.type ?? 'unicast', x.metric === undefined ? '' : String(x.metric)]);
    out.push(table(r));
  } else {
    out.push(st.dim('no routes besides the connected ones'));
  }
  out.push(st.dim('(connected routes the kernel makes from addresses are not listed: the simulator derives them)'));
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
