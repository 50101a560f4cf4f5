// glibc's own rfc3484_sort unit tests, nss/tst-rfc3484.c, tst-rfc3484-2.c and tst-rfc3484-3.c
// (posix/ before 2.39; bminor/glibc), summarised in /work/shared/docs/address-selection.md §9.3.
// Like the C tests, these call the comparator directly: got_source_addr = true, the source and
// its prefixlen as data, source_addr_flags = 0, `index` (the source interface, Rule 7) = 0 for
// every entry, order[i] = i, and qsort_r, i.e. glibc's merge sort (§1.8).
import { describe, expect, it } from 'vitest';
import { mergeSort } from '../../src/order/merge-sort.js';
import { glibcCompare } from '../../src/order/profile-glibc.js';
import { effectiveGlibcTables, type GlibcTables } from '../../src/policy/effective-tables.js';
import { parseGaiConf } from '../../src/policy/gai-conf-parser.js';
import { glibcFactsFor, type DestSpec } from './facts-builder.js';

function sortIndices(specs: DestSpec[], tables: GlibcTables): number[] {
  return mergeSort(glibcFactsFor(specs, tables), glibcCompare).map((f) => f.index);
}

const DEFAULTS = effectiveGlibcTables(null);

describe('tst-rfc3484.c: IPv4 Rule 9 inside the source /8, default tables', () => {
  // addrs[] (h(0x0aa85f19) … h(0xc0a85e02)), source so = 192.168.95.25, prefixlen 8.
  const ADDRS = [
    '10.168.95.25',
    '172.16.95.25',
    '192.0.2.25',
    '192.168.109.29',
    '192.168.93.3',
    '192.168.44.61',
    '192.168.96.2',
    '192.168.2.243',
    '192.168.8.16',
    '192.168.94.2',
  ];
  const EXPECTED = [9, 4, 3, 6, 5, 7, 8, 2, 0, 1];
  const specs = ADDRS.map((dst) => ({ dst, src: '192.168.95.25', opts: { prefixLen: 8, ifindex: 0 } }));

  it('expected[] = 9, 4, 3, 6, 5, 7, 8, 2, 0, 1', () => {
    expect(sortIndices(specs, DEFAULTS)).toEqual(EXPECTED);
  });

  it('as addresses', () => {
    expect(sortIndices(specs, DEFAULTS).map((i) => ADDRS[i])).toEqual([
      '192.168.94.2',
      '192.168.93.3',
      '192.168.109.29',
      '192.168.96.2',
      '192.168.44.61',
      '192.168.2.243',
      '192.168.8.16',
      '192.0.2.25',
      '10.168.95.25',
      '172.16.95.25',
    ]);
  });
});

describe('tst-rfc3484-2.c: Rule 2 across families, both starting orders, default tables', () => {
  // ai1: AF_INET 224.168.95.25 (h(0xe0a85f19)) from so1 192.168.95.25, prefixlen 16.
  // ai2: AF_INET6 whose s6_addr32 are h(0x07d10001), 1, 1, 1 — the 1s stored in host order, so
  // on a little-endian machine the bytes are 01 00 00 00 — from so2 (h(0xfec01234), 1, 1, 1).
  const A: DestSpec = { dst: '224.168.95.25', src: '192.168.95.25', opts: { prefixLen: 16, ifindex: 0 } };
  const B: DestSpec = {
    dst: '7d1:1:100:0:100:0:100:0',
    src: 'fec0:1234:100:0:100:0:100:0',
    opts: { prefixLen: 16, ifindex: 0 },
  };

  it('first test: [IPv4, IPv6] → the IPv4 one first', () => {
    const facts = glibcFactsFor([A, B], DEFAULTS);
    expect(mergeSort(facts, glibcCompare)[0]!.address.family).toBe(4);
    // Rule 2: 7d1:1:… is global (14), its source fec0:… site-local (5).
    expect(glibcCompare(facts[0]!, facts[1]!)).toBe(-2);
  });

  it('second test: [IPv6, IPv4] → the IPv4 one first', () => {
    const facts = glibcFactsFor([B, A], DEFAULTS);
    expect(mergeSort(facts, glibcCompare)[0]!.address.family).toBe(4);
    expect(glibcCompare(facts[0]!, facts[1]!)).toBe(2);
  });
});

describe('tst-rfc3484-3.c: custom IPv4 scopes (new_scopes), source 10.168.95.25/8', () => {
  // new_scopes[] written as the gai.conf lines that give the same table.
  const tables = effectiveGlibcTables(
    parseGaiConf(
      [
        'scopev4 169.254.0.0/16 2',
        'scopev4 127.0.0.0/8 2',
        'scopev4 10.0.0.0/8 5',
        'scopev4 192.168.0.0/16 5',
        'scopev4 0.0.0.0/0 14',
      ].join('\n'),
    ),
  );
  const ADDRS = [
    '160.168.109.29',
    '160.168.93.3',
    '160.168.44.61',
    '160.168.96.2',
    '160.168.2.243',
    '160.168.8.16',
    '160.168.94.2',
    '172.22.35.17',
    '10.50.69.114',
  ];
  const specs = ADDRS.map((dst) => ({ dst, src: '10.168.95.25', opts: { prefixLen: 8, ifindex: 0 } }));

  it('the parsed table is new_scopes[], longest mask first', () => {
    expect(tables.scopev4.map((r) => [r.network >>> 0, r.mask >>> 0, r.value])).toEqual([
      [0xa9fe0000, 0xffff0000, 2],
      [0xc0a80000, 0xffff0000, 5],
      [0x7f000000, 0xff000000, 2],
      [0x0a000000, 0xff000000, 5],
      [0x00000000, 0x00000000, 14],
    ]);
    // Only the scopev4 kind was given: labels and precedences stay glibc's defaults.
    expect(tables.labels).toEqual(DEFAULTS.labels);
    expect(tables.precedence).toEqual(DEFAULTS.precedence);
  });

  it('expected[] = 8, 0, 1, 2, 3, 4, 5, 6, 7', () => {
    expect(sortIndices(specs, tables)).toEqual([8, 0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('with the default scopes instead, 10.50.69.114 has no Rule 2 edge (control)', () => {
    // Default scopev4: 10/8 is global like the source, so Rule 2 ties for all; Rule 9 inside
    // the /8 then still puts 10.50.69.114 (8 common bits with 10.168.95.25) first and the
    // rest, outside the /8, tie at 0 and keep input order.
    const facts = glibcFactsFor(specs, DEFAULTS);
    expect(glibcCompare(facts[8]!, facts[0]!)).toBe(-9);
  });
});
