// The benchmark's workload: one host model, one gai.conf, and a deterministic stream of names
// with 2–8 answers each. The same answers feed the library, the --batch CLI and the real
// glibc resolver (as /etc/hosts lines), so all three do the same lookups.
import { readFileSync } from 'node:fs';
import type { Scenario, ScenarioHost } from '../src/scenario/types.js';
import { prng } from '../test/support/prng.js';

export { prng };

/** The Docker ULA field case (src/examples.ts): IPv4 on the bridge, a ULA IPv6 address. */
export const BENCH_HOST: ScenarioHost = {
  interfaces: [{ name: 'eth0', addresses: ['172.17.0.2/16', 'fd00::2/64'] }],
  routes: [
    { to: 'default', via: '172.17.0.1' },
    { to: 'default', via: 'fd00::1' },
  ],
};

/** The same host behind a wg-quick full tunnel (its rules and table 51820), so the lookup takes
 * the rule walk: what policy routing costs next to BENCH_HOST. */
export const BENCH_WG_HOST: ScenarioHost = {
  interfaces: [...BENCH_HOST.interfaces, { name: 'wg0', addresses: ['10.64.0.2/32', 'fd00:64::2/128'] }],
  routes: [...BENCH_HOST.routes!, { to: '0.0.0.0/0', dev: 'wg0', table: 51820 }, { to: '::/0', dev: 'wg0', table: 51820 }],
  rules: [
    { not: true, fwmark: 51820, table: 51820 },
    { table: 'main', suppressPrefixlength: 0 },
  ],
};

/** Its remedy, the ula-as-global preset (what `gaiconf generate --intent ula-as-global` writes):
 * glibc's whole default label table, then fd00::/8 labelled like global IPv6. A real gai.conf,
 * so the parser and the custom tables are on the path. */
export const BENCH_GAI_CONF = readFileSync(new URL('../policies/ula-as-global.conf', import.meta.url), 'utf8');

export const NAME_SUFFIX = '.bench.test';
export const nameOf = (i: number): string => `n${i}${NAME_SUFFIX}`;


const hex = (n: number) => n.toString(16);

/** One answer: half IPv4, half IPv6, from prefixes that take different rules to order
 * (on-link, private, documentation, NAT64, global, our own ULA /64 and another ULA). */
function address(r: () => number): string {
  const x = () => Math.floor(r() * 256);
  const w = () => Math.floor(r() * 0x10000);
  const w1 = () => 1 + Math.floor(r() * 0xffff); // a non-zero group
  switch (Math.floor(r() * 12)) {
    case 0:
      return `203.0.113.${x()}`;
    case 1:
      return `198.51.100.${x()}`;
    case 2:
      return `10.${x()}.${x()}.${1 + Math.floor(r() * 254)}`;
    case 3:
      return `172.17.${x()}.${1 + Math.floor(r() * 254)}`;
    case 4:
      return `100.64.${x()}.${1 + Math.floor(r() * 254)}`;
    case 5:
      return `192.0.2.${x()}`;
    case 6:
      return `2001:db8:${hex(w())}::${hex(w1())}`;
    case 7:
      return `2a00:1450:4001:${hex(w())}::${hex(w1())}`;
    case 8:
      return `fd00::${hex(w())}:${hex(w1())}`;
    case 9:
      return `fd12:3456:${hex(w())}::${hex(w1())}`;
    case 10:
      return `64:ff9b::cb00:${hex(0x7100 + x())}`;
    default:
      return `2002:c000:2${hex(w() & 0xff)}::${hex(w1())}`;
  }
}

/** Records for answer counts in [min, max], distinct within a name. */
export function recordsOf(r: () => number, min: number, max: number): string[] {
  const n = min + Math.floor(r() * (max - min + 1));
  const seen = new Set<string>();
  while (seen.size < n) seen.add(address(r));
  return [...seen];
}

export interface NameSet {
  names: string[];
  records: string[][];
}

/** `count` names, answers 2–8 each, the same for every call with the same seed. */
export function nameSet(count: number, seed = 0x6a1c0f, min = 2, max = 8): NameSet {
  const r = prng(seed);
  const names: string[] = [];
  const records: string[][] = [];
  for (let i = 0; i < count; i++) {
    names.push(nameOf(i));
    records.push(recordsOf(r, min, max));
  }
  return { names, records };
}

/** Scenarios sharing one host object and one gai.conf string (the library's cache hits). */
export function scenarios(set: NameSet): Scenario[] {
  return set.names.map((name, i) => ({ host: BENCH_HOST, gaiConf: BENCH_GAI_CONF, query: { name, records: set.records[i]! } }));
}

/** /etc/hosts lines for the given names, each answer on its own line, in answer order. */
export function hostsFile(set: NameSet, indexes?: readonly number[]): string {
  const out: string[] = ['127.0.0.1 localhost', '::1 localhost ip6-localhost'];
  for (const i of indexes ?? set.names.keys()) for (const a of set.records[i]!) out.push(`${a} ${set.names[i]}`);
  return `${out.join('\n')}\n`;
}

const LINE_HEAD = `{"host":${JSON.stringify(BENCH_HOST)},"gaiConf":${JSON.stringify(BENCH_GAI_CONF)},"query":{"name":"`;

/** One JSON Lines scenario, the whole host and gai.conf on every line as --batch expects. */
export function jsonLine(name: string, records: readonly string[]): string {
  return `${LINE_HEAD}${name}","records":${JSON.stringify(records)}}}\n`;
}

/** An endless, deterministic line source for the scale run: line i is name n<i>. */
export function* jsonLines(count: number, seed = 0x5ca1e): Generator<string> {
  const r = prng(seed);
  for (let i = 0; i < count; i++) yield jsonLine(nameOf(i), recordsOf(r, 2, 8));
}
