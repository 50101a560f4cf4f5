// In-process measurements of the built library (dist/index.js), in a plain `node` process so
// that neither tsx's loader nor the benchmark harness's heap is on the path. bench/run.ts
// writes the workload as JSON and reads one JSON object from stdout.
//
//   node bench/inproc.mjs WORKLOAD.json throughput|fresh|per-lookup|breakdown [--rounds N] [--min-ms MS]
//                         [--read-explain]
//
// simulate() words the explanation and the hint only when they are read (getters), so a loop
// that reads `order` does not pay for them; --read-explain reads them too, as JSON output does.
//
// throughput: simulate() over the workload's names, every scenario sharing one host object
//   and one gai.conf string (the library's host and gai.conf caches hit).
// fresh: the same scenarios, each parsed from its own JSON line first (outside the clock), so
//   every call brings a new host object, as a library caller parsing scenarios one by one does
//   (the engine then finds the prepared host by its JSON text).
// per-lookup: µs per simulate() and per runProfile() call for each answer count.
// breakdown: µs per line for each stage a `--batch` line goes through, measured one stage at a
//   time over the whole workload: JSON.parse, validateScenario, buildHost (building a host
//   from scratch, what a line with a new host costs), runProfile (ordering only), simulate (ordering, results, explain,
//   hint) and JSON.stringify of the result.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const lib = await import(new URL('../dist/index.js', import.meta.url).href);
const { simulate, runProfile, validateScenario } = lib;
// The engine's host builder itself: the exported buildHost checks its input first.
const { buildHost } = await import(new URL('../dist/host/build-host.js', import.meta.url).href);

const [file, mode, ...rest] = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = rest.indexOf(name);
  return i < 0 ? dflt : Number(rest[i + 1]);
};
const rounds = opt('--rounds', 7);
const minMs = opt('--min-ms', 300);
const w = JSON.parse(readFileSync(file, 'utf8'));

let sink = 0;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function shared(names, records) {
  return names.map((name, i) => ({ host: w.host, gaiConf: w.gaiConf, query: { name, records: records[i] } }));
}

function fresh(names, records) {
  return names.map((name, i) => JSON.parse(JSON.stringify({ host: w.host, gaiConf: w.gaiConf, query: { name, records: records[i] } })));
}

/** Runs fn over the list `passes` times; returns ms. */
function time(list, fn, passes = 1) {
  const t0 = performance.now();
  for (let p = 0; p < passes; p++) for (let i = 0; i < list.length; i++) sink ^= fn(list[i]);
  return performance.now() - t0;
}

const sim = (s) => simulate(s).order.length;
const simAll = (s) => {
  const r = simulate(s);
  return r.order.length + r.explain.length + (r.hint === null ? 0 : 1);
};
const readExplain = rest.includes('--read-explain');
const ord = (s) => runProfile(s).answers.length;

function checkAll(list) {
  const statuses = {};
  let answers = 0;
  for (const s of list) {
    const r = simulate(s);
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    answers += r.order.length;
  }
  return { statuses, answers };
}

let out;
if (mode === 'throughput' || mode === 'fresh') {
  const make = mode === 'fresh' ? fresh : shared;
  const list = make(w.names, w.records);
  const check = checkAll(list);
  // Warm-up, then timed passes. `fresh` needs new objects every pass, or the host cache hits.
  time(list, readExplain ? simAll : sim);
  const rates = [];
  const cpuRates = [];
  for (let r = 0; r < rounds; r++) {
    const l = mode === 'fresh' ? make(w.names, w.records) : list;
    const c0 = process.cpuUsage();
    const ms = time(l, readExplain ? simAll : sim);
    const c = process.cpuUsage(c0);
    rates.push((l.length / ms) * 1000);
    // CPU time of the whole process (GC threads included): what other load cannot inflate.
    cpuRates.push(l.length / ((c.user + c.system) / 1e6));
  }
  out = { mode, readExplain, lookups: list.length, rounds, lookupsPerSecond: rates, median: median(rates), cpuLookupsPerSecond: median(cpuRates), ...check };
} else if (mode === 'per-lookup') {
  out = { mode, rounds, sizes: {} };
  for (const [size, records] of Object.entries(w.perLookup)) {
    const names = records.map((_, i) => `p${size}-${i}.bench.test`);
    const list = shared(names, records);
    const check = checkAll(list);
    const measure = (fn) => {
      // Passes enough for `minMs` per round, from a warm-up estimate.
      const est = time(list, fn);
      const passes = Math.max(1, Math.ceil(minMs / Math.max(est, 0.01)));
      const us = [];
      for (let r = 0; r < rounds; r++) us.push((time(list, fn, passes) * 1000) / (passes * list.length));
      return { usPerCall: us, median: median(us), callsPerRound: passes * list.length };
    };
    out.sizes[size] = { scenarios: list.length, simulate: measure(sim), simulateExplained: measure(simAll), runProfile: measure(ord), ...check };
  }
} else if (mode === 'breakdown') {
  const list = shared(w.names, w.records);
  const lines = list.map((s) => JSON.stringify(s));
  const parsed = lines.map((l) => JSON.parse(l));
  // Results with the explanation and hint already worded: the stringify stage is serialisation only.
  const results = list.map((s) => simulate(s));
  for (const r of results) sink ^= r.explain.length + (r.hint === null ? 0 : 1);
  const stages = {
    'JSON.parse(line)': () => time(lines, (l) => (JSON.parse(l) ? 1 : 0)),
    validateScenario: () => time(parsed, (v) => (validateScenario(v, 'bench').ok ? 1 : 0)),
    'buildHost (fresh host object)': () => time(parsed, (v) => buildHost(v.host).routes.length),
    'runProfile (ordering only)': () => time(list, ord),
    'simulate (shared host)': () => time(list, sim),
    'simulate + read explain and hint': () => time(list, simAll),
    'JSON.stringify(result)': () => time(results, (r) => JSON.stringify(r).length),
  };
  out = { mode, lines: lines.length, rounds, stages: {} };
  for (const [name, run] of Object.entries(stages)) {
    run(); // warm-up
    const us = [];
    for (let r = 0; r < rounds; r++) us.push((run() * 1000) / lines.length);
    out.stages[name] = { usPerLine: median(us), samples: us };
  }
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
out.sink = sink;
out.heapUsedMB = process.memoryUsage().heapUsed / 2 ** 20;
process.stdout.write(`${JSON.stringify(out)}\n`);
