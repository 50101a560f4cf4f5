// A name → the resolver's answers, in the order glibc's getaddrinfo would get them with
// `hosts: files dns` in nsswitch.conf: the hosts file first; only when it has nothing for the
// lookup is DNS asked (records-from-dns.ts). An address literal is its own answer (glibc
// never asks NSS for one).
//
// Which lines "count" depends on the lookup family, as glibc asks NSS per family:
//   AF_UNSPEC  one gethostbyname4_r call: any line for the name, either family, ends the chain;
//   AF_INET    lines glibc's AF_INET parse accepts (IPv4, v4-mapped, ::1); else DNS A;
//   AF_INET6   IPv6 lines; else DNS AAAA; with AI_V4MAPPED a second, AF_INET pass follows
//              (hosts IPv4 lines, else DNS A), which the simulator keeps or drops as glibc does.
// The family to pass is the one after AI_ADDRCONFIG narrowing (lookupFamily()).
import { isLoopback6 } from '../address/classify.js';
import { formatIp } from '../address/format.js';
import { isV4Mapped, parseIp } from '../address/ip.js';
import { buildHost } from '../host/build-host.js';
import type { NumericHostAnswer } from '../order/numeric-host.js';
import { glibcSeenFamilies } from '../order/input.js';
import type { AiFlag, QueryFamily, ScenarioHost } from '../scenario/types.js';
import { recordsFromDns, isDnsFailure, type DnsFamily, type DnsOptions, type DnsRecords } from './records-from-dns.js';
import { DEFAULT_HOSTS_FILE, recordsFromHosts, type HostsEntry, type HostsLookup } from './records-from-hosts.js';

export type RecordsSource = 'literal' | 'hosts' | 'dns' | 'hosts+dns' | 'none';

export interface NameRecordsOptions extends DnsOptions {
  /** Default /etc/hosts. */
  hostsFile?: string;
  /** The lookup family after AI_ADDRCONFIG narrowing; default AF_UNSPEC. */
  family?: QueryFamily;
  /** AI_V4MAPPED given (matters for AF_INET6 only). */
  v4mapped?: boolean;
  /** Never ask DNS (hosts file only). */
  noDns?: boolean;
  /** Ask DNS through this function instead (tests, batching); default recordsFromDns. */
  dns?: (name: string, options: DnsOptions) => Promise<DnsRecords>;
}

export interface NameRecords {
  name: string;
  /** The answers in resolver order: the simulator's `query.records`. */
  records: string[];
  source: RecordsSource;
  hosts: HostsLookup;
  /** null when DNS was not asked. */
  dns: DnsRecords | null;
  /** What happened, for people: hosts file lines used, DNS failures per family. */
  messages: string[];
  /** 'OK' when there are records; else what getaddrinfo would say: EAI_NONAME (the name has
   * no such addresses, or a numeric host's scope is not one glibc takes), EAI_AGAIN (a DNS query
   * failed: timeout, SERVFAIL, REFUSED, …) or EAI_ADDRFAMILY (a numeric host of the other family). */
  lookupStatus: 'OK' | 'EAI_NONAME' | 'EAI_AGAIN' | 'EAI_ADDRFAMILY';
}

/** AF_INET's nss_files parse: IPv4 lines, and v4-mapped or ::1 lines turned into IPv4. */
function acceptedByInet(e: HostsEntry): boolean {
  if (e.family === 4) return true;
  const ip = parseIp(e.address)!;
  return isV4Mapped(ip.bytes) || isLoopback6(ip.bytes);
}

/** The family glibc asks NSS for: AI_ADDRCONFIG narrows AF_UNSPEC on a single-family host. */
export function lookupFamily(host: ScenarioHost, family: QueryFamily = 'AF_UNSPEC', flags: readonly AiFlag[] = []): QueryFamily {
  if (family !== 'AF_UNSPEC' || !flags.includes('AI_ADDRCONFIG')) return family;
  const seen = glibcSeenFamilies(buildHost(host));
  if (seen.v4 === seen.v6) return family;
  return seen.v4 ? 'AF_INET' : 'AF_INET6';
}

/**
 * A numeric host's answer (src/order/numeric-host.ts) as the records getaddrinfo returns: the
 * hosts file and DNS are never asked.
 */
export function recordsForNumericHost(name: string, answer: NumericHostAnswer, hostsFile = DEFAULT_HOSTS_FILE): NameRecords {
  // not read: a numeric host never reaches NSS
  const hosts: HostsLookup = { path: hostsFile, readable: true, entries: [], records: [], skipped: [] };
  if (answer.status !== 'OK') return { name, records: [], source: 'literal', hosts, dns: null, messages: [`${answer.reason} (${answer.status}; no hosts file or DNS lookup)`], lookupStatus: answer.status };
  const form = answer.address === name ? '' : ` (as ${answer.address})`;
  const messages = [`${name} is a numeric address${form}: getaddrinfo returns it without asking the hosts file or DNS, and sorts nothing`];
  if (answer.scope) messages.push(`${name}: scope %${answer.scope.text} is interface index ${answer.scope.index}; connect() uses it (the simulation does not model scope ids)`);
  return { name, records: [answer.address], source: 'literal', hosts, dns: null, messages, lookupStatus: 'OK' };
}

export async function recordsForName(name: string, options: NameRecordsOptions = {}): Promise<NameRecords> {
  const hostsFile = options.hostsFile ?? DEFAULT_HOSTS_FILE;
  const family = options.family ?? 'AF_UNSPEC';
  const literal = parseIp(name);
  const hosts = recordsFromHosts(name, hostsFile);
  const messages: string[] = [];
  if (!hosts.readable) messages.push(`${hostsFile}: cannot read (${hosts.error}); glibc treats that as no match`);
  for (const s of hosts.skipped) messages.push(`${hostsFile}:${s.line}: ${JSON.stringify(s.address)} is ${s.reason}`);
  const done = (records: string[], source: RecordsSource, dns: DnsRecords | null): NameRecords => {
    let lookupStatus: NameRecords['lookupStatus'] = 'OK';
    if (records.length === 0) {
      const asked = dns ? (['A', 'AAAA'] as const).map((f) => dns.perFamily[f]).filter((o) => o !== 'skipped') : [];
      lookupStatus = asked.some(isDnsFailure) ? 'EAI_AGAIN' : 'EAI_NONAME';
    }
    return { name, records, source, hosts, dns, messages: [...messages, ...(dns?.messages ?? [])], lookupStatus };
  };
  if (literal) {
    messages.push(`${name} is an address: getaddrinfo returns it without asking the hosts file or DNS`);
    return done([formatIp(literal)], 'literal', null);
  }

  const lines = (pick: (e: HostsEntry) => boolean) => hosts.entries.filter(pick);
  const used = (es: readonly HostsEntry[]) =>
    messages.push(`${hostsFile}: ${es.length} line${es.length === 1 ? '' : 's'} for ${name} (line${es.length === 1 ? '' : 's'} ${es.map((e) => e.line).join(', ')}); DNS not asked`);
  const askDns = async (families: DnsFamily[]): Promise<DnsRecords | null> => {
    if (options.noDns) {
      messages.push(`${name}: not in ${hostsFile}, and DNS is not asked (--no-dns)`);
      return null;
    }
    return (options.dns ?? recordsFromDns)(name, { ...options, families });
  };

  if (family === 'AF_UNSPEC' || family === 'AF_INET') {
    const mine = family === 'AF_UNSPEC' ? hosts.entries : lines(acceptedByInet);
    if (mine.length > 0) {
      used(mine);
      // All the name's lines: the simulator applies glibc's own per-family parse to them.
      return done(hosts.records, 'hosts', null);
    }
    const dns = await askDns(family === 'AF_UNSPEC' ? ['A', 'AAAA'] : ['A']);
    return done(dns?.records ?? [], dns && dns.records.length ? 'dns' : 'none', dns);
  }

  // AF_INET6: an IPv6 pass, then (AI_V4MAPPED) an IPv4 pass, each through files then DNS.
  const v6 = lines((e) => e.family === 6);
  if (v6.length > 0) {
    used(v6);
    return done(hosts.records, 'hosts', null);
  }
  const v4 = lines((e) => e.family === 4);
  const families: DnsFamily[] = options.v4mapped && v4.length === 0 ? ['AAAA', 'A'] : ['AAAA'];
  const dns = await askDns(families);
  const aaaa = dns?.answers.AAAA ?? [];
  const a = options.v4mapped ? (v4.length > 0 ? v4.map((e) => e.address) : (dns?.answers.A ?? [])) : [];
  if (options.v4mapped && v4.length > 0) messages.push(`${hostsFile}: the AF_INET pass (AI_V4MAPPED) uses its IPv4 lines for ${name}`);
  const records = [...aaaa, ...a];
  const source: RecordsSource = records.length === 0 ? 'none' : options.v4mapped && v4.length > 0 && a.length > 0 ? (aaaa.length ? 'hosts+dns' : 'hosts') : 'dns';
  return done(records, source, dns);
}
