// `gaiconf listen ADDR[:PORT]…`: can a server bind each address on this host (or a scenario's),
// does `[::]` also receive IPv4, and what to write instead. On the live host each answer is
// also checked by really binding (an ephemeral port, closed at once).
import type { Command } from 'commander';
import { displayName, readText } from '../../adapters/read-text.js';
import { scenarioFromJson } from '../../adapters/scenario-from-json.js';
import { hostFromJson } from '../../adapters/host-from-json.js';
import { bindLive, liveListenSysctls, type LiveBind } from '../../adapters/listen-live.js';
import { buildHost } from '../../host/build-host.js';
import { checkListen, parseListen, type ListenOutcome, type ListenSpec } from '../../listen/bind-check.js';
import { SERVERS, type ServerName } from '../../listen/servers.js';
import type { ScenarioHost } from '../../scenario/types.js';
import { CliError, EXIT } from '../exit-codes.js';
import { styleFor, table, type Style } from '../style.js';
import { captureOrFail, warn } from './check.js';

interface ListenFlags {
  host?: string;
  scenario?: string;
  server?: string;
  json?: boolean;
}

export interface ListenReport {
  readonly listen: ListenOutcome;
  /** The real bind on this host (live only). */
  readonly live: LiveBind | null;
  /** The real bind disagrees with the model. */
  readonly disagrees: boolean;
}

function hostFrom(flags: ListenFlags): { host: ScenarioHost; live: boolean } {
  if (flags.scenario) {
    if (flags.host) throw new CliError('--scenario and --host both give a host', EXIT.BAD_INPUT, 'use one of them');
    return { host: scenarioFromJson(readText(flags.scenario), displayName(flags.scenario)).host, live: false };
  }
  if (flags.host && flags.host !== 'live') return { host: hostFromJson(readText(flags.host), displayName(flags.host)), live: false };
  const captured = captureOrFail('auto', 'give --host FILE or --scenario FILE for another host');
  if (!flags.json) warn(captured.warnings);
  const sys = liveListenSysctls();
  return { host: { ...captured.host, kernelIpv6: sys.kernelIpv6, bindv6only: sys.bindv6only }, live: true };
}

function render(reports: readonly ListenReport[], server: ServerName, st: Style): string {
  const rows = [['listen', 'binds', '[::] gets IPv4', 'why'].map(st.dim)];
  for (const r of reports) {
    const l = r.listen;
    const binds = l.binds ? st.green('yes') : st.red(`no (${l.errno})`);
    const four = l.address !== '::' || l.receivesIpv4 === null ? '' : l.receivesIpv4 ? 'yes' : st.yellow('no');
    rows.push([l.listen, binds + (r.disagrees ? st.red(` — but a real bind ${r.live!.binds ? 'succeeded' : `failed (${r.live!.errno})`}`) : r.live ? st.dim(' (checked by binding)') : ''), four, l.why]);
  }
  const out = [st.bold(`listeners · server ${server}`), table(rows)];
  for (const r of reports) if (r.listen.advice) out.push(`${st.green('fix:')} ${r.listen.listen}: ${r.listen.advice}`);
  return out.join('\n');
}

export function registerListen(program: Command): void {
  program
    .command('listen')
    .description('can a server bind these addresses here, and does [::] also receive IPv4? (live: checked by binding)')
    .argument('<address...>', 'ADDR[:PORT]: [::]:80, ::, 0.0.0.0:8080, 127.0.0.1, [::1]:443, 80 (= 0.0.0.0:80)')
    .option('--host <file>', 'a scenario "host" object (JSON), or `live` for this host (the default)')
    .option('--scenario <file>', 'take the host of this scenario')
    .option('--server <name>', `whose IPV6_V6ONLY default applies to [::]: ${Object.keys(SERVERS).join(', ')}`, 'plain')
    .option('--json', 'JSON output')
    .action(async (addresses: string[], flags: ListenFlags) => {
      const server = (flags.server ?? 'plain') as ServerName;
      if (!Object.hasOwn(SERVERS, server)) throw new CliError(`--server ${flags.server}: unknown server`, EXIT.BAD_INPUT, `one of ${Object.keys(SERVERS).join(', ')}`);
      const specs: ListenSpec[] = addresses.map((a) => {
        const p = parseListen(a);
        if ('error' in p) throw new CliError(p.error, EXIT.BAD_INPUT, 'write ADDR[:PORT], with IPv6 in brackets when a port follows: [::]:80');
        return p;
      });
      const { host: spec, live } = hostFrom(flags);
      const host = buildHost(spec);
      const ctx = { server, bindv6only: spec.bindv6only === true, kernelIpv6: spec.kernelIpv6 !== false };
      const reports: ListenReport[] = [];
      for (const s of specs) {
        const listen = checkListen(host, s, ctx);
        let real: LiveBind | null = null;
        if (live) real = await bindLive(s, SERVERS[server].v6only ?? ctx.bindv6only);
        const disagrees = real !== null && (real.binds !== listen.binds || (real.receivesIpv4 !== null && listen.receivesIpv4 !== null && real.receivesIpv4 !== listen.receivesIpv4));
        reports.push({ listen, live: real, disagrees });
      }
      if (flags.json) process.stdout.write(`${JSON.stringify({ schemaVersion: 1, server, kernelIpv6: ctx.kernelIpv6, bindv6only: ctx.bindv6only, listeners: reports }, null, 2)}\n`);
      else process.stdout.write(`${render(reports, server, styleFor(process.stdout))}\n`);
      // 1: a listener cannot bind, or gets no traffic at all, or the real bind disagrees.
      const bad = reports.some((r) => !r.listen.binds || r.disagrees || (r.listen.receivesIpv4 === false && r.listen.receivesIpv6 === false));
      process.exitCode = bad ? EXIT.FINDINGS : EXIT.OK;
    });
}
