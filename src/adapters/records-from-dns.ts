// A and AAAA for a name from DNS, through node:dns's Resolver (c-ares): the servers of
// /etc/resolv.conf, or the one given with `--server IP[:PORT]`.
//
// What glibc's getaddrinfo gets from DNS is both answers, but the order of the two families
// in its unsorted list depends on which reply arrives first (nss_dns sends A and AAAA in
// parallel). We cannot know that, so the order is an input: a-first (default) or aaaa-first.
// Within a family the server's order is kept.
//
// Differences from glibc's own DNS lookup, all documented in docs/live.md: c-ares asks the name
// as given (no resolv.conf search list, no ndots), each family is one query, and a name is
// asked again here: a server that rotates its answers may answer glibc in another order.
import type { Resolver } from 'node:dns';
import { parseIp } from '../address/ip.js';
import { formatIp } from '../address/format.js';

export type DnsFamily = 'A' | 'AAAA';
/** The outcome of one family's query; `skipped` when the lookup did not need that family. */
export type DnsOutcome = 'ok' | 'nodata' | 'nxdomain' | 'servfail' | 'timeout' | 'refused' | 'error' | 'skipped';
export type InputOrder = 'a-first' | 'aaaa-first';
export const INPUT_ORDERS: readonly InputOrder[] = ['a-first', 'aaaa-first'];

export interface DnsOptions {
  /** `IP`, `IP:PORT`, `[IPv6]:PORT`; default: the resolv.conf servers. */
  server?: string;
  /** Per attempt, ms (c-ares timeout); default 2000. */
  timeoutMs?: number;
  /** Attempts per server (c-ares tries); default 2. */
  tries?: number;
  /** Default a-first. */
  inputOrder?: InputOrder;
  /** Which families to ask; default both. */
  families?: readonly DnsFamily[];
}

export interface DnsRecords {
  /** Both families' addresses in the chosen input order (RFC 5952 text). */
  records: string[];
  perFamily: { A: DnsOutcome; AAAA: DnsOutcome };
  /** Per family: records as the server gave them. */
  answers: { A: string[]; AAAA: string[] };
  /** One line per family that did not answer with addresses, saying which and why. */
  messages: string[];
}

export const DEFAULT_DNS_TIMEOUT_MS = 2000;
export const DEFAULT_DNS_TRIES = 2;

/** `IP[:PORT]` / `[IPv6]:PORT` / bare IPv6 → the form Resolver.setServers takes, or an error. */
export function parseServer(text: string): { ok: true; server: string } | { ok: false; message: string } {
  const bad = (why: string) => ({ ok: false as const, message: `--server ${JSON.stringify(text)}: ${why}` });
  let host = text;
  let port: string | undefined;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracket) {
    host = bracket[1]!;
    port = bracket[2];
  } else if ((text.match(/:/g) ?? []).length === 1) {
    const i = text.indexOf(':');
    host = text.slice(0, i);
    port = text.slice(i + 1);
  }
  const ip = parseIp(host);
  if (!ip) return bad('not an IP address (write IP, IP:PORT or [IPv6]:PORT; names are not accepted)');
  if (bracket && ip.family === 4) return bad('brackets are for IPv6 addresses only');
  if (port !== undefined) {
    if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) return bad(`port ${JSON.stringify(port)} is not 1–65535`);
  }
  const h = formatIp(ip);
  const p = port === undefined ? '' : `:${Number(port)}`;
  return { ok: true, server: ip.family === 6 ? (p ? `[${h}]${p}` : h) : `${h}${p}` };
}

const OUTCOME_OF_CODE: Record<string, DnsOutcome> = {
  ENODATA: 'nodata',
  ENOTFOUND: 'nxdomain',
  ESERVFAIL: 'servfail',
  ETIMEOUT: 'timeout',
  EREFUSED: 'refused',
};

const WHY: Record<Exclude<DnsOutcome, 'ok' | 'skipped'>, string> = {
  nodata: 'the name exists but has no such records (NODATA)',
  nxdomain: 'the name does not exist (NXDOMAIN)',
  servfail: 'the server failed (SERVFAIL)',
  timeout: 'no answer in time',
  refused: 'the server refused the query (REFUSED)',
  error: 'the query failed',
};

interface FamilyResult {
  outcome: DnsOutcome;
  addresses: string[];
  detail: string | null;
}

function query(resolver: Resolver, family: DnsFamily, name: string, guardMs: number): Promise<FamilyResult> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: FamilyResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(r);
    };
    // c-ares has its own timeout; this guard only catches a resolver that never calls back.
    const timer = setTimeout(() => finish({ outcome: 'timeout', addresses: [], detail: `no callback after ${guardMs} ms` }), guardMs);
    const cb = (err: NodeJS.ErrnoException | null, addresses: string[]) => {
      if (err) {
        const code = err.code ?? 'EUNKNOWN';
        finish({ outcome: OUTCOME_OF_CODE[code] ?? 'error', addresses: [], detail: code });
      } else {
        // c-ares prints addresses with inet_ntop; re-format to RFC 5952 like every other output.
        const ips = addresses.map((a) => parseIp(a)).filter((ip): ip is NonNullable<typeof ip> => ip !== null);
        if (ips.length < addresses.length) finish({ outcome: 'error', addresses: [], detail: `unreadable address in the reply: ${addresses.join(', ')}` });
        else finish({ outcome: ips.length ? 'ok' : 'nodata', addresses: ips.map(formatIp), detail: null });
      }
    };
    try {
      if (family === 'A') resolver.resolve4(name, cb);
      else resolver.resolve6(name, cb);
    } catch (e) {
      finish({ outcome: 'error', addresses: [], detail: (e as Error).message });
    }
  });
}

/** Asks A and AAAA (in parallel) and merges them in the chosen input order. Never throws for DNS failures. */
export async function recordsFromDns(name: string, options: DnsOptions = {}): Promise<DnsRecords> {
  const timeout = options.timeoutMs ?? DEFAULT_DNS_TIMEOUT_MS;
  const tries = options.tries ?? DEFAULT_DNS_TRIES;
  const families = options.families ?? ['A', 'AAAA'];
  // node:dns loads on first use, not at CLI start.
  const { Resolver: DnsResolver } = process.getBuiltinModule('node:dns') as typeof import('node:dns');
  const resolver = new DnsResolver({ timeout, tries });
  let where = 'the resolv.conf servers';
  if (options.server !== undefined) {
    const s = parseServer(options.server);
    if (!s.ok) throw new Error(s.message);
    resolver.setServers([s.server]);
    where = s.server;
  }
  const guard = timeout * (tries + 1) * 4 + 1000;
  const ask = (f: DnsFamily): Promise<FamilyResult> =>
    families.includes(f) ? query(resolver, f, name, guard) : Promise.resolve({ outcome: 'skipped', addresses: [], detail: null });
  let a: FamilyResult;
  let aaaa: FamilyResult;
  try {
    [a, aaaa] = await Promise.all([ask('A'), ask('AAAA')]);
  } finally {
    resolver.cancel();
  }
  const messages: string[] = [];
  for (const [f, r] of [['A', a], ['AAAA', aaaa]] as const) {
    if (r.outcome === 'ok' || r.outcome === 'skipped') continue;
    const detail = r.detail && r.outcome === 'error' ? ` (${r.detail})` : '';
    messages.push(`${f} ${name}: ${WHY[r.outcome]}${detail} — asked ${where}`);
  }
  const order = (options.inputOrder ?? 'a-first') === 'a-first' ? [a, aaaa] : [aaaa, a];
  return {
    records: order.flatMap((r) => r.addresses),
    perFamily: { A: a.outcome, AAAA: aaaa.outcome },
    answers: { A: a.addresses, AAAA: aaaa.addresses },
    messages,
  };
}

/** True when a family's outcome is a failure to get an answer, not an answer of "none". */
export const isDnsFailure = (o: DnsOutcome): boolean => o === 'servfail' || o === 'timeout' || o === 'refused' || o === 'error';
