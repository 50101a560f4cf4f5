// Address arithmetic for the independent generator (BigInt, both families).
export type Fam = 4 | 6;
export interface Net {
  fam: Fam;
  base: bigint;
  len: number;
}

const bits = (f: Fam) => (f === 4 ? 32 : 128);
export const famOf = (a: string): Fam => (a.includes(':') ? 6 : 4);

export function parse(a: string): bigint {
  if (famOf(a) === 4) return a.split('.').reduce((n, p) => (n << 8n) | BigInt(Number(p)), 0n);
  let s = a;
  let tail: bigint[] = [];
  const dot = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dot) {
    const v = parse(dot[1]!);
    tail = [v >> 16n, v & 0xffffn];
    s = s.slice(0, -dot[1]!.length) + (s.endsWith('::' + dot[1]) ? '' : '0');
    if (s.endsWith(':0')) s = s.slice(0, -2);
  }
  const [head, rest] = s.includes('::') ? s.split('::') : [s, undefined];
  const hs = head ? head.split(':').map((g) => BigInt(parseInt(g, 16))) : [];
  const rs = rest ? rest.split(':').map((g) => BigInt(parseInt(g, 16))) : [];
  const groups = [...hs, ...Array(8 - hs.length - rs.length - tail.length).fill(0n), ...rs, ...tail];
  return groups.reduce((n, g) => (n << 16n) | g, 0n);
}

export function format(f: Fam, v: bigint): string {
  if (f === 4) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
  const g = Array.from({ length: 8 }, (_, i) => Number((v >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(':');
  return best < 0 ? hex(g) : `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

const mask = (f: Fam, len: number) => ((1n << BigInt(bits(f))) - 1n) ^ ((1n << BigInt(bits(f) - len)) - 1n);
export const net = (f: Fam, a: string | bigint, len: number): Net => ({ fam: f, base: (typeof a === 'string' ? parse(a) : a) & mask(f, len), len });
export const netText = (n: Net) => `${format(n.fam, n.base)}/${n.len}`;
export const contains = (n: Net, f: Fam, a: bigint) => f === n.fam && (a & mask(f, n.len)) === n.base;
/** Host number h inside n (wrapping within the host bits). */
export function host(n: Net, h: bigint): bigint {
  const size = 1n << BigInt(bits(n.fam) - n.len);
  return n.base + (h % size);
}
/** A random address of n that is neither its first nor (IPv4) its last unless n is tiny. */
export function randomIn(n: Net, r: () => number): bigint {
  const size = 1n << BigInt(bits(n.fam) - n.len);
  if (size <= 2n) return n.base + (size === 2n && r() < 0.5 ? 1n : 0n);
  const span = size > 1000n ? 1000n : size - 2n;
  return n.base + 1n + BigInt(Math.floor(r() * Number(span)));
}
