// `npm run bench -- --only biginput`: hostile input sizes, each at three sizes in one run, as a
// whole `gaiconf` process (node start included). What is checked is a RATIO within the run, not
// a time: the CPU time per unit of input at the largest size over that at the smallest must stay
// ≤ LINEAR (the smallest carries node's start, so a linear command falls below 1; a quadratic
// one doubles with every doubling), and the peak RSS must not grow faster than the input.
//
//   lintFix        lint --fix on a gai.conf with its first and last lines fixable (the diff spans the file)
//   lintRows       lint on a gai.conf of accepted, non-overlapping IPv4-mapped rows
//   lintVersions   lint on lines glibc ≤ 2.40 and ≥ 2.41 read differently (no /len)
//   scenarioErrors simulate --scenario with one bad address per interface (one error each)
//   routeDevs      simulate --scenario with N interfaces and N routes through unknown devs
//   longLine       simulate --batch with one line of N MiB (a long scenario name)
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const LINEAR = 1.5;
/** Peak RSS may grow at most this much faster than the input (the garbage collector is lazy). */
export const MEMORY = 1.25;

export interface BigInputPoint {
  size: number;
  /** what `size` counts */
  unit: string;
  inputMiB: number;
  wallMs: number;
  cpuMs: number;
  peakRssMB: number;
  exit: number | null;
  cpuUsPerUnit: number;
}

export interface BigInputShape {
  shape: string;
  command: string;
  points: BigInputPoint[];
  /** CPU time per unit at the largest size over at the smallest */
  linearity: number;
  /** peak RSS growth over input growth, largest vs smallest size (≤ 1: memory grows no faster than the input; ≤ MEMORY holds) */
  memoryGrowth: number;
  holds: boolean;
}

interface Shape {
  shape: string;
  unit: string;
  sizes: number[];
  /** the input file for a size, and the gaiconf arguments (FILE replaced by its path) */
  make(size: number, path: string): void;
  args: string[];
  /** exit codes that mean the command did its job on this input */
  exits: number[];
  /** the file is rewritten by the command: give it a fresh copy each run */
  rewrites?: boolean;
}

function gaiConfRows(n: number, first: string, last: string): string {
  const out: string[] = [first];
  for (let i = 0; i < n - 2; i++) out.push(`precedence ::ffff:10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/128 ${(i % 80) + 1}`);
  out.push(last);
  return `${out.join('\n')}\n`;
}

export function shapes(quick: boolean): Shape[] {
  const k = (xs: number[]) => (quick ? xs.slice(0, 2).map((x) => Math.round(x / 2)) : xs);
  return [
    {
      shape: 'lintFix',
      unit: 'lines',
      sizes: k([25_000, 50_000, 100_000]),
      make: (n, p) => writeFileSync(p, gaiConfRows(n, 'precedence 192.0.2.0/24 7', 'precedence 198.51.100.0/24 9')),
      args: ['lint', '--fix', '--no-backup', 'FILE'],
      exits: [0, 1],
      rewrites: true,
    },
    {
      shape: 'lintRows',
      unit: 'lines',
      sizes: k([25_000, 50_000, 100_000]),
      make: (n, p) => writeFileSync(p, gaiConfRows(n, 'precedence ::1/128 50', 'precedence ::/0 40')),
      args: ['lint', 'FILE'],
      exits: [0, 1],
    },
    {
      shape: 'lintVersions',
      unit: 'lines',
      sizes: k([25_000, 50_000, 100_000]),
      make: (n, p) => writeFileSync(p, `${Array.from({ length: n }, (_, i) => `precedence 2001:db8:${(i >> 16).toString(16)}:${(i & 0xffff).toString(16)}::1 ${(i % 80) + 1}`).join('\n')}\n`),
      args: ['lint', 'FILE'],
      exits: [2], // missing-length is an error on the default glibc 2.36
    },
    {
      shape: 'scenarioErrors',
      unit: 'errors',
      sizes: k([2_000, 4_000, 8_000]),
      make: (n, p) =>
        writeFileSync(p, JSON.stringify({ host: { interfaces: Array.from({ length: n }, (_, i) => ({ name: `e${i}`, addresses: [`10.${(i >> 8) & 255}.${i & 255}.1/33`] })) }, query: { records: ['192.0.2.1'] } }, null, 1)),
      args: ['simulate', '--scenario', 'FILE'],
      exits: [2],
    },
    {
      shape: 'routeDevs',
      unit: 'routes',
      sizes: k([2_000, 4_000, 8_000]),
      make: (n, p) =>
        writeFileSync(
          p,
          JSON.stringify({
            host: { interfaces: Array.from({ length: n }, (_, i) => ({ name: `if${i}`, addresses: [] })), routes: Array.from({ length: n }, (_, i) => ({ to: 'default', dev: `zz${i}` })) },
            query: { records: ['192.0.2.1'] },
          }),
        ),
      args: ['simulate', '--scenario', 'FILE'],
      exits: [2],
    },
    {
      shape: 'longLine',
      unit: 'MiB',
      sizes: k([16, 32, 64]),
      make: (mib, p) => writeFileSync(p, `${JSON.stringify({ name: 'x'.repeat(mib << 20), host: { interfaces: [] }, query: { records: ['::1', '127.0.0.1'] } })}\n`),
      args: ['simulate', '--batch', 'FILE', '--fields', 'order'],
      exits: [0],
    },
  ];
}

function measure(node: string, cli: string, args: string[], timeFile: string): { wallMs: number; cpuMs: number; rssMB: number; exit: number | null } {
  const t0 = performance.now();
  const useTime = existsSync('/usr/bin/time');
  const r = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, node, cli, ...args], { stdio: ['ignore', 'ignore', 'ignore'] })
    : spawnSync(node, [cli, ...args], { stdio: ['ignore', 'ignore', 'ignore'] });
  const wallMs = performance.now() - t0;
  if (!useTime) return { wallMs, cpuMs: wallMs, rssMB: NaN, exit: r.status };
  const [u, s, kb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  // /usr/bin/time reports the child's status in its own exit code
  return { wallMs, cpuMs: (u! + s!) * 1000, rssMB: kb! / 1024, exit: r.status };
}

const round = (x: number, digits = 3): number => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x);

/** Every shape at its sizes; a shape whose command fails (an unexpected exit) throws. */
export function bigInput(opts: { quick: boolean; tmp: string; node: string; cli: string; only?: string[]; log: (s: string) => void }): BigInputShape[] {
  const out: BigInputShape[] = [];
  for (const s of shapes(opts.quick)) {
    if (opts.only && !opts.only.includes(s.shape)) continue;
    const points: BigInputPoint[] = [];
    for (const size of s.sizes) {
      const file = join(opts.tmp, `${s.shape}-${size}`);
      s.make(size, `${file}.src`);
      const inputMiB = readFileSync(`${file}.src`).length / 2 ** 20;
      if (s.rewrites) copyFileSync(`${file}.src`, file);
      const args = s.args.map((a) => (a === 'FILE' ? (s.rewrites ? file : `${file}.src`) : a));
      opts.log(`  ${s.shape}: ${size.toLocaleString('en-US')} ${s.unit} (${inputMiB.toFixed(1)} MiB) ...`);
      const m = measure(opts.node, opts.cli, args, join(opts.tmp, 'time.txt'));
      if (!s.exits.includes(m.exit ?? -1)) throw new Error(`${s.shape} ${size}: gaiconf ${args.join(' ')} exited ${m.exit}`);
      points.push({ size, unit: s.unit, inputMiB: round(inputMiB), wallMs: round(m.wallMs, 4), cpuMs: round(m.cpuMs, 4), peakRssMB: round(m.rssMB), exit: m.exit, cpuUsPerUnit: round((m.cpuMs * 1000) / size) });
    }
    const first = points[0]!;
    const last = points[points.length - 1]!;
    const linearity = round(last.cpuUsPerUnit / first.cpuUsPerUnit);
    const memoryGrowth = round(last.peakRssMB / first.peakRssMB / (last.inputMiB / first.inputMiB));
    out.push({ shape: s.shape, command: `gaiconf ${s.args.join(' ')}`, points, linearity, memoryGrowth, holds: linearity <= LINEAR && !(memoryGrowth > MEMORY) });
  }
  return out;
}
