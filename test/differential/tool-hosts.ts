// Hosts built exactly as popular tools build them (wg-quick, Tailscale, BGP unnumbered, OpenWrt,
// …): each fixture holds the `ip` commands, the scenario a user would write for that host, and
// what the real glibc and musl answered there (test/fixtures/tool-hosts/*.json).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../../src/scenario/types.js';
import type { HostPlan, OracleEnvironment, OracleRun } from './netns.js';

export interface ToolHost {
  name: string;
  /** Which tool's commands these are, and where they come from. */
  tool: string;
  /** `sysctl -qw k=v` lines and `ip …` commands, run in order (sysctls before the first `ip`
   * command are applied first; a later one, e.g. per-device, when its turn comes). */
  commands: string[];
  scenario: Scenario;
  observed?: OracleRun & { environment: OracleEnvironment };
}

export const TOOL_HOSTS_DIR = fileURLToPath(new URL('../fixtures/tool-hosts/', import.meta.url));

export function loadToolHosts(): { file: string; host: ToolHost }[] {
  return readdirSync(TOOL_HOSTS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: join(TOOL_HOSTS_DIR, f), host: JSON.parse(readFileSync(join(TOOL_HOSTS_DIR, f), 'utf8')) as ToolHost }));
}

/** The commands as a host plan: the same /etc files as every oracle run, the commands as they are. */
export function toolHostPlan(h: ToolHost): HostPlan {
  const sysctls: string[] = [];
  const batch: string[] = [];
  for (const c of h.commands) {
    const words = c.trim().split(/\s+/);
    if (words[0] === 'sysctl') {
      const settings = words.slice(1).filter((w) => !w.startsWith('-'));
      if (settings.length === 0 || settings.some((w) => !/^[a-z0-9_.\/-]+=\S+$/i.test(w))) throw new Error(`${h.name}: a sysctl line must set key=value pairs: ${JSON.stringify(c)}`);
      // A per-device setting needs its device: it runs where it stands among the ip commands.
      if (batch.length === 0) sysctls.push(...settings);
      else batch.push(`sysctl ${settings.join(' ')}`);
    } else if (words[0] === 'ip') batch.push(words.slice(1).join(' '));
    else throw new Error(`${h.name}: only ip and sysctl commands are run, not ${JSON.stringify(c)}`);
  }
  const q = h.scenario.query;
  const name = q.name ?? 'host.test';
  const probeArgs = ['--family', q.family ?? 'AF_UNSPEC'];
  if ((q.flags ?? []).length > 0) probeArgs.push('--flags', q.flags!.join(','));
  probeArgs.push(name);
  return {
    sysctls,
    batch,
    files: {
      hosts: q.records.map((r) => `${r} ${name}\n`).join(''),
      'gai.conf': h.scenario.gaiConf ?? '',
      'nsswitch.conf': 'hosts: files\n',
      'host.conf': 'multi on\n',
      'resolv.conf': 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n',
    },
    probeArgs,
  };
}
