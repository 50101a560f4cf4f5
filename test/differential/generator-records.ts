// The A/AAAA answers of a generated query: realistic ones for a dual-stack service, and (for the
// mixer) any class of answer, including the ones no sane resolver returns.

import type { HostBuilder } from './generator-host-builder.js';
import { canon, docV4, docV6, hex, hostIn, nat64, randomHost, sixToFourPrefix, teredoAddress, ulaPrefix64 } from './generator-addresses.js';
import type { Rng } from './generator-rng.js';

export interface RecordCtx {
  rng: Rng;
  b: HostBuilder;
}

/** Typical A/AAAA answers for a remote dual-stack service, plus the occasional local twist. */
export function serviceRecords(
  { rng, b }: RecordCtx,
  opts: { v6?: () => string; v4?: () => string; extra?: string[] } = {},
): string[] {
  const v6 = opts.v6 ?? (() => docV6(rng));
  const v4 = opts.v4 ?? (() => docV4(rng));
  let n6 = rng.weighted([
    [0, 10],
    [1, 45],
    [2, 30],
    [3, 15],
  ] as const);
  const n4 = rng.weighted([
    [0, 10],
    [1, 50],
    [2, 30],
    [3, 10],
  ] as const);
  if (n6 + n4 === 0) n6 = 1;
  const six = Array.from({ length: n6 }, v6);
  const four = Array.from({ length: n4 }, v4);
  const order = rng.weighted([
    ['v6-first', 40],
    ['v4-first', 30],
    ['shuffled', 30],
  ] as const);
  let recs =
    order === 'v6-first' ? [...six, ...four] : order === 'v4-first' ? [...four, ...six] : rng.shuffle([...six, ...four]);
  recs = [...recs, ...(opts.extra ?? [])];
  if (rng.chance(0.1)) {
    const subs = b.subnets();
    if (subs.length) recs.splice(rng.int(0, recs.length), 0, hostIn(rng, rng.pick(subs), 'small'));
  }
  if (rng.chance(0.05)) {
    const own = b.own(undefined, { noLinkLocal: true });
    if (own.length) recs.splice(rng.int(0, recs.length), 0, rng.pick(own));
  }
  if (rng.chance(0.1) && recs.length) recs.splice(rng.int(0, recs.length), 0, rng.pick(recs));
  return clampRecords(rng, recs);
}

export function clampRecords(rng: Rng, recs: string[]): string[] {
  if (recs.length === 0) recs = [docV4(rng)];
  return recs.slice(0, 8);
}

export const MULTICAST_RECORDS = ['ff02::1', 'ff05::2', 'ff0e::1', '224.0.0.1', '239.1.2.3'] as const;

/** Any class of answer, including the ones no sane resolver returns. */
export function anyRecord(rng: Rng, b: HostBuilder, sofar: readonly string[]): string {
  const kind = rng.weighted([
    ['global6', 14],
    ['global4', 14],
    ['ula', 6],
    ['mapped', 5],
    ['compat', 4],
    ['unspec6', 2],
    ['unspec4', 2],
    ['loop6', 3],
    ['loop4', 3],
    ['multicast', 4],
    ['ll6', 4],
    ['ll4', 3],
    ['site', 3],
    ['6to4', 4],
    ['teredo', 4],
    ['nat64', 3],
    ['private4', 5],
    ['cgnat', 2],
    ['own', 6],
    ['subnet', 7],
    ['dup', 5],
  ] as const);
  switch (kind) {
    case 'global6':
      return docV6(rng);
    case 'global4':
      return docV4(rng);
    case 'ula':
      return randomHost(rng, ulaPrefix64(rng), rng.pick(['small', 'any'] as const));
    case 'mapped':
      return `::ffff:${docV4(rng)}`;
    case 'compat': {
      const v4 = docV4(rng);
      return rng.chance(0.5) ? `::${v4}` : canon(`::${v4}`);
    }
    case 'unspec6':
      return '::';
    case 'unspec4':
      return '0.0.0.0';
    case 'loop6':
      return '::1';
    case 'loop4':
      return rng.chance(0.6) ? `127.0.0.${rng.int(1, 255)}` : `127.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    case 'multicast':
      return rng.pick(MULTICAST_RECORDS);
    case 'll6':
      return randomHost(rng, 'fe80::/64', rng.pick(['small', 'any'] as const));
    case 'll4':
      return randomHost(rng, '169.254.0.0/16');
    case 'site':
      return randomHost(rng, `${canon(`fec0:0:0:${hex(rng.int(0, 0xffff))}::`)}/64`, 'small');
    case '6to4':
      return randomHost(rng, sixToFourPrefix(docV4(rng)), 'small');
    case 'teredo':
      return teredoAddress(rng);
    case 'nat64':
      return nat64(rng, docV4(rng));
    case 'private4':
      return randomHost(rng, rng.pick(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']));
    case 'cgnat':
      return randomHost(rng, '100.64.0.0/10');
    case 'own': {
      const own = b.own();
      return own.length ? rng.pick(own) : docV6(rng);
    }
    case 'subnet': {
      const subs = b.subnets();
      return subs.length ? hostIn(rng, rng.pick(subs), rng.pick(['small', 'any'] as const)) : docV4(rng);
    }
    case 'dup':
      return sofar.length ? rng.pick(sofar) : docV4(rng);
  }
}
