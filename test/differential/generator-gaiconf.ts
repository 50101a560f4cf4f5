// The gai.conf text of a generated scenario: a weighted choice among variants (none, empty, glibc's
// defaults restated, one-line tweaks, prefer-IPv4, the ULA fix, scopev4 sets, RFC 6724's tables,
// duplicates, invalid lines, accepted oddities, comments/tabs/CRLF, ties between families, missing
// slashes), their prefixes aimed at the scenario's own records; the mixer's scenarios sometimes get
// two variants concatenated. Apart from generator.ts because it is a text generator of its own.

import { isV4Mapped, parseIp } from '../../src/address/ip.js';
import { formatIp } from '../../src/address/format.js';
import { isMulticast6, isUnspecified4, isUnspecified6 } from '../../src/address/classify.js';
import { docV4, docV6, networkOf } from './generator-addresses.js';
import type { Rng } from './generator-rng.js';

interface GaiCtx {
  rng: Rng;
  v4: string[];
  v6: string[];
}

const GLIBC_LABELS = [
  'label ::1/128       0',
  'label ::/0          1',
  'label 2002::/16     2',
  'label ::/96         3',
  'label ::ffff:0:0/96 4',
  'label fec0::/10     5',
  'label fc00::/7      6',
  'label 2001:0::/32   7',
] as const;
const GLIBC_PRECEDENCE = [
  'precedence ::1/128       50',
  'precedence ::/0          40',
  'precedence 2002::/16     30',
  'precedence ::/96         20',
  'precedence ::ffff:0:0/96 10',
] as const;
const GLIBC_SCOPEV4 = [
  'scopev4 ::ffff:169.254.0.0/112  2',
  'scopev4 ::ffff:127.0.0.0/104    2',
  'scopev4 ::ffff:0.0.0.0/96       14',
] as const;
const RFC6724_PRECEDENCE = [
  'precedence ::1/128 50',
  'precedence ::/0 40',
  'precedence ::ffff:0:0/96 35',
  'precedence 2002::/16 30',
  'precedence 2001::/32 5',
  'precedence fc00::/7 3',
  'precedence ::/96 1',
  'precedence fec0::/10 1',
  'precedence 3ffe::/16 1',
] as const;
const RFC6724_LABELS = [
  'label ::1/128 0',
  'label ::/0 1',
  'label ::ffff:0:0/96 4',
  'label 2002::/16 2',
  'label 2001::/32 5',
  'label fc00::/7 13',
  'label ::/96 3',
  'label fec0::/10 11',
  'label 3ffe::/16 12',
] as const;

const v4Of = (c: GaiCtx): string => (c.v4.length ? c.rng.pick(c.v4) : docV4(c.rng));
const v6Of = (c: GaiCtx): string => (c.v6.length ? c.rng.pick(c.v6) : docV6(c.rng));
/** `::ffff:a.b.c.0/120`-style mapped prefix around a record's IPv4 address. */
const mappedNet = (c: GaiCtx, len = 24): string => `::ffff:${networkOf(v4Of(c), len)}/${96 + len}`;
const v6Net = (c: GaiCtx, len = 48): string => `${networkOf(v6Of(c), len)}/${len}`;
const lines = (ls: readonly string[]): string => `${ls.join('\n')}\n`;

type GaiVariant = readonly [name: string, weight: number, make: (c: GaiCtx) => string | null];

const GAI_VARIANTS: readonly GaiVariant[] = [
  ['none', 18, () => null],
  ['empty', 4, (c) => c.rng.pick(['', '', '\n'])],
  [
    'defaults-restated',
    6,
    ({ rng }) =>
      lines([
        ...(rng.chance(0.3) ? ['# glibc defaults, restated'] : []),
        ...GLIBC_LABELS,
        ...GLIBC_PRECEDENCE,
        ...(rng.chance(0.5) ? GLIBC_SCOPEV4 : []),
      ]),
  ],
  [
    'partial-one-line',
    9,
    (c) =>
      lines([
        c.rng.pick([
          'precedence ::ffff:0:0/96 100',
          `precedence ::ffff:${v4Of(c)}/128 100`,
          `precedence ${mappedNet(c)} ${c.rng.pick([5, 45, 100])}`,
          `label ${v6Net(c)} 99`,
          'label fd00::/8 1',
          'precedence ::1/128 5',
          `precedence ${v6Net(c)} 0`,
          'precedence fc00::/7 45',
          'label 2002::/16 1',
          `scopev4 ${mappedNet(c)} 2`,
          `scopev4 ${networkOf(v4Of(c), 24)}/24 2`,
        ]),
      ]),
  ],
  [
    'prefer-ipv4',
    8,
    ({ rng }) =>
      rng.chance(0.5)
        ? lines(['precedence ::ffff:0:0/96  100'])
        : lines(GLIBC_PRECEDENCE.map((l) => (l.startsWith('precedence ::ffff:0:0/96') ? 'precedence ::ffff:0:0/96 100' : l))),
  ],
  [
    'ula-fix',
    8,
    ({ rng }) => {
      const block = [...GLIBC_LABELS, 'label fd00::/8 1'];
      // The `>>` pitfall: appended again on every rebuild.
      return lines(rng.chance(0.25) ? [...block, ...block] : block);
    },
  ],
  [
    'scopev4-sets',
    5,
    (c) => {
      const pool = [
        ...GLIBC_SCOPEV4,
        'scopev4 ::ffff:10.0.0.0/104 5',
        'scopev4 ::ffff:172.16.0.0/108 5',
        'scopev4 ::ffff:192.168.0.0/112 5',
        `scopev4 ::ffff:${v4Of(c)}/128 ${c.rng.pick([2, 5, 14])}`,
        `scopev4 ${networkOf(v4Of(c), 24)}/24 2`,
        `scopev4 ${mappedNet(c)} ${c.rng.pick([2, 5, 14])}`,
        `scopev4 ${v4Of(c)}/32 2`,
      ];
      return lines(c.rng.shuffle(pool).slice(0, c.rng.int(1, 5)));
    },
  ],
  [
    'rfc6724',
    6,
    ({ rng }) => {
      const which = rng.weighted([
        ['both', 70],
        ['precedence', 15],
        ['label', 15],
      ] as const);
      const ls = [
        ...(which !== 'label' ? RFC6724_PRECEDENCE : []),
        ...(which !== 'precedence' ? RFC6724_LABELS : []),
      ];
      return lines(rng.chance(0.3) ? rng.shuffle(ls) : ls);
    },
  ],
  [
    'duplicates',
    5,
    (c) => {
      // Same prefix twice with different values: on a tie the first line in the file wins.
      const { rng } = c;
      const kind = rng.pick(['precedence', 'label', 'scopev4', 'scopev4-two-spellings'] as const);
      const [x, y] = rng.shuffle([rng.pick([100, 45, 50]), rng.pick([5, 0, 1])]);
      let ls: string[];
      if (kind === 'precedence') {
        const p = mappedNet(c);
        ls = [`precedence ${p} ${x}`, `precedence ${p} ${y}`];
      } else if (kind === 'label') {
        const p = v6Net(c);
        ls = [`label ${p} ${x}`, `label ${p} ${y}`];
      } else {
        // ::ffff:a.b.c.0/120 and a.b.c.0/24 are the same scopev4 entry, spelled two ways.
        const net = networkOf(v4Of(c), 24);
        const [s1, s2] = rng.shuffle([2, 14]);
        ls = [`scopev4 ::ffff:${net}/120 ${s1}`, kind === 'scopev4' ? `scopev4 ::ffff:${net}/120 ${s2}` : `scopev4 ${net}/24 ${s2}`];
      }
      if (rng.chance(0.3)) ls.unshift(...GLIBC_PRECEDENCE);
      return lines(ls);
    },
  ],
  [
    'invalid-only',
    5,
    (c) => {
      const pool = [
        `precedence ${networkOf(v4Of(c), 24)}/24 100`, // plain IPv4 prefix
        'precedence ::ffff:0:0/129 100',
        'precedence ::ffff:0:0/96 0x64',
        'PRECEDENCE ::ffff:0:0/96 100',
        'precedence ::ffff:0:0/96 2147483648',
        'precedence ::ffff:0:0/96 -1',
        'label 2001:db8::/0x20 5',
        `scopev4 ${mappedNet(c).replace(/\/\d+$/, '/95')} 2`,
        `scopev4 ${networkOf(v4Of(c), 24)}/33 2`,
        'scopev4 2001:db8::/120 2', // IPv6 but not mapped
        'label fe80::1%eth0/64 3',
        'frobnicate ::/0 1',
        'Label ::/0 3',
      ];
      return lines(c.rng.shuffle(pool).slice(0, c.rng.int(1, 4)));
    },
  ],
  [
    'comments-tabs-crlf',
    5,
    (c) => {
      const { rng } = c;
      const valid = [
        'precedence ::ffff:0:0/96 100',
        `precedence ${mappedNet(c)} 45`,
        `label ${v6Net(c)} 4`,
        'label fd00::/8 1',
        `scopev4 ${mappedNet(c)} 2`,
        'reload no',
      ];
      const ls: string[] = ['# /etc/gai.conf', ''];
      for (const l of rng.shuffle(valid).slice(0, rng.int(1, 3))) {
        const parts = l.split(' ');
        const ws = () => rng.pick([' ', '\t', '  ', ' \t', '\t\t']);
        let t = parts.join(ws());
        if (rng.chance(0.4)) t = ws() + t;
        if (rng.chance(0.4)) t += `${ws()}# ${rng.pick(['prefer v4', 'see gai.conf(5)', 'x'])}`;
        ls.push(t);
        if (rng.chance(0.3)) ls.push(rng.pick(['', '#', '   ', '#precedence ::/0 1']));
      }
      const eol = rng.chance(0.5) ? '\r\n' : '\n';
      return ls.join(eol) + (rng.chance(0.8) ? eol : '');
    },
  ],
  [
    'accepted-oddities',
    6,
    (c) => {
      const pool = [
        'precedence ::ffff:0:0/96 +100',
        `precedence ${mappedNet(c).replace('/120', '/0120')} 100`,
        `precedence ${mappedNet(c)} 100#c`,
        `precedence ${mappedNet(c)} 100 extra tokens here`,
        `precedence ${networkOf(v6Of(c), 48)}/ 0`, // empty length: /0 on ≤ 2.40
        `precedence ${v6Net(c)}`, // missing value: 0 on ≤ 2.40
        `label ${v6Net(c)}`,
        'precedence ::ffff:0:0/96 2147483647',
        `scopev4 ${networkOf(v4Of(c), 24)}/24`,
        '   precedence ::1/128 50',
      ];
      return lines(c.rng.shuffle(pool).slice(0, c.rng.int(1, 3)));
    },
  ],
  [
    'ipv4-ties-ipv6',
    7,
    (c) => {
      const v4 = v4Of(c);
      return lines(
        c.rng.pick([
          [`precedence ::ffff:${v4}/128 100`],
          ['precedence ::ffff:0:0/96 40'],
          [`precedence ${mappedNet(c)} 45`, `precedence ${v6Net(c)} 45`],
          [...GLIBC_PRECEDENCE, `precedence ::ffff:${v4}/128 30`],
          [`precedence ::ffff:${v4}/128 50`, 'precedence ::/0 40', 'precedence ::ffff:0:0/96 10'],
          [`precedence ::ffff:${v4}/128 40`, ...GLIBC_PRECEDENCE],
        ]),
      );
    },
  ],
  [
    'no-slash',
    4,
    (c) => {
      const pool = [`precedence ::ffff:${v4Of(c)} 100`, `label ${v6Of(c)} 99`, `precedence ${v6Of(c)} 5`];
      const ls = c.rng.shuffle(pool).slice(0, c.rng.int(1, 2));
      if (c.rng.chance(0.4)) ls.push('precedence ::ffff:0:0/96 20');
      return lines(c.rng.shuffle(ls));
    },
  ],
  // Crashes glibc 2.36 (SIGSEGV in gaiconf_init) on every lookup returning ≥ 2 addresses: wanted.
  [
    'scopev4-no-slash',
    1,
    (c) => {
      const v4 = v4Of(c);
      const ls = [c.rng.pick([`scopev4 ${v4} 2`, `scopev4 ::ffff:${v4} 2`])];
      if (c.rng.chance(0.5)) ls.unshift('precedence ::ffff:0:0/96 100');
      return lines(ls);
    },
  ],
];

function gaiCtx(rng: Rng, records: readonly string[]): GaiCtx {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const r of records) {
    const ip = parseIp(r);
    if (!ip) continue;
    if (ip.family === 4) {
      if (!isUnspecified4(ip.bytes)) v4.push(formatIp(ip));
    } else if (isV4Mapped(ip.bytes)) {
      v4.push(formatIp({ family: 4, bytes: ip.bytes }));
    } else if (!isUnspecified6(ip.bytes) && !isMulticast6(ip.bytes) && !ip.bytes.subarray(0, 12).every((x) => x === 0)) {
      v6.push(formatIp(ip));
    }
  }
  return { rng, v4, v6 };
}

export function pickGaiConf(rng: Rng, records: readonly string[], combine: boolean): string | null {
  const ctx = gaiCtx(rng, records);
  const variant = rng.weighted(GAI_VARIANTS.map((v) => [v, v[1]] as const));
  const text = variant[2](ctx);
  if (!combine || text === null || !rng.chance(0.25)) return text;
  const other = rng.weighted(
    GAI_VARIANTS.filter((v) => v[0] !== 'none' && v[0] !== 'scopev4-no-slash').map((v) => [v, v[1]] as const),
  );
  const t2 = other[2](ctx) ?? '';
  return rng.chance(0.5) ? text + t2 : t2 + text;
}
