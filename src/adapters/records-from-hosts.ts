// /etc/hosts → the answers glibc's nss_files gives for a name, with `multi on` (Debian's
// host.conf, and what getaddrinfo's gethostbyname4_r path does anyway): every matching line,
// in file order, both families, one address per line (files-hosts.c LINE_PARSER).
//
// A line is cut at `#`; its first field is the address, read with inet_pton (AF_INET first,
// then AF_INET6: src/address/ip.ts parseIp); a line whose address inet_pton rejects (a zone
// index `fe80::1%eth0`, `127.1`, `010.0.0.1`) is skipped. The remaining fields are the
// canonical name and its aliases; any of them matches, case-insensitively.
import { readFileSync } from 'node:fs';
import { parseIp } from '../address/ip.js';

export const DEFAULT_HOSTS_FILE = '/etc/hosts';

export interface HostsEntry {
  /** 1-based line number. */
  readonly line: number;
  /** The address field as written. */
  readonly address: string;
  readonly family: 4 | 6;
  /** Canonical name, then aliases. */
  readonly names: readonly string[];
}

export interface HostsLookup {
  /** The file read. */
  readonly path: string;
  /** false: the file could not be read (then `error` says why); glibc treats that as no match. */
  readonly readable: boolean;
  readonly error?: string;
  /** Matching lines in file order. */
  readonly entries: readonly HostsEntry[];
  /** Their addresses: the resolver's answers, in order. */
  readonly records: string[];
  /** Lines naming the host whose address glibc would skip (line number and why). */
  readonly skipped: readonly { line: number; address: string; reason: string }[];
}

const BLANK = /[ \t\f\v\r]+/;

/** Every valid line of a hosts file. Lines whose address inet_pton rejects are left out. */
export function parseHostsText(text: string): { entries: HostsEntry[]; invalid: { line: number; address: string; names: string[] }[] } {
  const entries: HostsEntry[] = [];
  const invalid: { line: number; address: string; names: string[] }[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const hash = raw.indexOf('#');
    const body = (hash < 0 ? raw : raw.slice(0, hash)).trim();
    if (body === '') return;
    const fields = body.split(BLANK).filter(Boolean);
    const address = fields[0]!;
    const names = fields.slice(1);
    const ip = parseIp(address);
    if (!ip) {
      invalid.push({ line: i + 1, address, names });
      return;
    }
    // A line with an address and no name is accepted by the parser but matches nothing.
    entries.push({ line: i + 1, address, family: ip.family, names });
  });
  return { entries, invalid };
}

const matches = (names: readonly string[], wanted: string): boolean => names.some((n) => n.toLowerCase() === wanted);

/** The matching lines of hosts-file text for `name` (case-insensitive; canonical name or alias). */
export function recordsFromHostsText(text: string, name: string, path = '<hosts>'): HostsLookup {
  const wanted = name.toLowerCase();
  const { entries, invalid } = parseHostsText(text);
  const hits = entries.filter((e) => matches(e.names, wanted));
  const skipped = invalid
    .filter((e) => matches(e.names, wanted))
    .map((e) => ({ line: e.line, address: e.address, reason: 'not an address inet_pton accepts, so glibc skips the line' }));
  return { path, readable: true, entries: hits, records: hits.map((e) => e.address), skipped };
}

/** Reads `path` (default /etc/hosts) and looks `name` up in it. An unreadable file matches nothing. */
export function recordsFromHosts(name: string, path: string = DEFAULT_HOSTS_FILE): HostsLookup {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { path, readable: false, error: err.code ?? err.message, entries: [], records: [], skipped: [] };
  }
  return recordsFromHostsText(text, name, path);
}
