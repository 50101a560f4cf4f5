// A .cpuprofile (node --cpu-prof) → the functions that take the time: self time (samples
// whose top frame is the function) and total time (samples with the function anywhere on
// the stack, counted once per sample however deep the recursion).
//
//   tsx bench/profile-summary.ts FILE.cpuprofile [N]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionTime {
  fn: string;
  location: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Time outside idle/program/GC pseudo-frames. */
  busyMs: number;
  gcPercent: number;
  self: FunctionTime[];
  total: FunctionTime[];
  /** Self time by source file. */
  files: { file: string; ms: number; percent: number }[];
}

export function summariseProfile(file: string, root: string, top = 25): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const where = (f: CallFrame): string => {
    if (!f.url) return '(native)';
    let path = f.url;
    try {
      if (path.startsWith('file:')) path = fileURLToPath(path);
    } catch {
      /* keep the URL */
    }
    if (path.startsWith(root)) path = relative(root, path);
    return `${path}:${f.lineNumber + 1}`;
  };
  const key = (f: CallFrame) => `${f.functionName || '(anonymous)'}\t${where(f)}`;
  const fileOf = (f: CallFrame) => (f.url ? where(f).replace(/:\d+$/, '') : `(${f.functionName})`);

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const files = new Map<string, number>();
  let totalUs = 0;
  let gcUs = 0;
  let idleUs = 0;
  for (let i = 0; i < p.samples.length; i++) {
    // timeDeltas[i] is the time before sample i; attribute the interval to the sample after it.
    const dt = p.timeDeltas[i + 1] ?? 0;
    if (dt <= 0) continue;
    const node = byId.get(p.samples[i]!)!;
    const name = node.callFrame.functionName;
    totalUs += dt;
    if (name === '(garbage collector)') gcUs += dt;
    if (name === '(idle)' || name === '(program)') idleUs += dt;
    const k = key(node.callFrame);
    self.set(k, (self.get(k) ?? 0) + dt);
    const fk = fileOf(node.callFrame);
    files.set(fk, (files.get(fk) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const kk = key(byId.get(id)!.callFrame);
      if (seen.has(kk)) continue;
      seen.add(kk);
      total.set(kk, (total.get(kk) ?? 0) + dt);
    }
  }
  const list = (m: Map<string, number>) =>
    [...m]
      .filter(([k]) => !k.startsWith('(root)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => {
        const [fn, location] = k.split('\t') as [string, string];
        return { fn, location, ms: Math.round(us / 100) / 10, percent: Math.round((us / totalUs) * 1000) / 10 };
      });
  return {
    totalMs: Math.round(totalUs / 1000),
    busyMs: Math.round((totalUs - idleUs) / 1000),
    gcPercent: Math.round((gcUs / totalUs) * 1000) / 10,
    self: list(self),
    total: list(total),
    files: [...files]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([file, us]) => ({ file, ms: Math.round(us / 100) / 10, percent: Math.round((us / totalUs) * 1000) / 10 })),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, n] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: tsx bench/profile-summary.ts FILE.cpuprofile [N]\n');
    process.exit(2);
  }
  const s = summariseProfile(file, process.cwd(), Number(n ?? 25));
  process.stdout.write(`${s.totalMs} ms profiled, GC ${s.gcPercent}%\n\nself:\n`);
  for (const f of s.self) process.stdout.write(`  ${f.percent.toFixed(1).padStart(5)}%  ${f.ms.toFixed(1).padStart(8)} ms  ${f.fn}  ${f.location}\n`);
  process.stdout.write('\ntotal (inclusive):\n');
  for (const f of s.total) process.stdout.write(`  ${f.percent.toFixed(1).padStart(5)}%  ${f.ms.toFixed(1).padStart(8)} ms  ${f.fn}  ${f.location}\n`);
  process.stdout.write('\nself by file:\n');
  for (const f of s.files) process.stdout.write(`  ${f.percent.toFixed(1).padStart(5)}%  ${f.file}\n`);
}
