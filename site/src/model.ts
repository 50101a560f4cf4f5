// State → what the page shows: the scenario the CLI would take, every problem placed in the field
// it belongs to, the simulation per profile, the gai.conf lint, and the fix. No DOM here.
import {
  emitFormat,
  GaiconfInputError,
  lintGaiConf,
  locateJsonPath,
  locateJsonPathOrAncestor,
  OUTPUT_FORMATS,
  findDuplicateKeys,
  parseJsonWithLocation,
  parseWantFirst,
  parseWantOrder,
  shWord,
  simulateValidated,
  synthesize,
  validateScenario,
  type Diagnostic,
  type OutputFormat,
  type ProfileName,
  type Scenario,
  type ScenarioQuery,
  type SimulationResult,
  type SynthesisResult,
  type Want,
} from '../../src/index.js';
import type { State } from './state.js';

/** The profiles the page shows side by side. */
export const PAGE_PROFILES: readonly ProfileName[] = ['glibc', 'musl', 'go', 'rfc6724', 'rfc6724-update'];

export const PROFILE_TITLES: Record<string, string> = {
  glibc: 'glibc',
  musl: 'musl',
  go: 'Go',
  rfc6724: 'RFC 6724',
  'rfc6724-update': 'RFC 6724 update',
};

/** The scenario file name the page's commands use (the download is saved under it). */
export const SCENARIO_FILE = 'scenario.json';

export type Field = 'host' | 'records' | 'qname' | 'gaiConf' | 'name' | 'scenario';

export interface Problem {
  field: Field;
  /** The validator's JSON path (in the scenario), or '' for a syntax error. */
  path: string;
  message: string;
  hint: string;
  /** 1-based, in the field's text; absent when the field is one line. */
  line?: number;
  column?: number;
}

export interface Evaluation {
  /** The scenario as the CLI takes it (what the download holds); null while there are problems. */
  scenario: Scenario | null;
  problems: Problem[];
  /** gai.conf lint diagnostics (none without a gai.conf). */
  lint: Diagnostic[];
  /** One per PAGE_PROFILES entry; empty while there are problems. */
  results: SimulationResult[];
}

interface RecordToken {
  text: string;
  line: number;
  column: number;
}

/** Records in resolver order: separated by line breaks, commas or spaces. */
export function recordTokens(text: string): RecordToken[] {
  const out: RecordToken[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/[^\s,]+/g)) out.push({ text: m[0], line: i + 1, column: (m.index ?? 0) + 1 });
  });
  return out;
}

/** The scenario the state describes, before validation (host: the parsed editor text). */
export function scenarioOf(state: State, host: unknown): Scenario {
  const query: ScenarioQuery = { records: recordTokens(state.records).map((t) => t.text) };
  if (state.qname !== '') query.name = state.qname;
  if (state.family !== 'AF_UNSPEC') query.family = state.family;
  if (state.flags.length) query.flags = [...state.flags];
  const s: Scenario = { host: host as Scenario['host'], gaiConf: state.gaiConf === '' ? null : state.gaiConf, query };
  return state.name !== '' ? { name: state.name, ...s } : s;
}

function placeProblem(path: string, message: string, hint: string, target: 'key' | undefined, state: State, tokens: RecordToken[]): Problem {
  const m = /^\$\.host(.*)$/.exec(path);
  if (m) {
    const inner = `$${m[1]}`;
    const at = (target === 'key' ? locateJsonPath(state.host, inner, 'key') : null) ?? locateJsonPathOrAncestor(state.host, inner);
    return { field: 'host', path, message, hint, ...(at ?? {}) };
  }
  const r = /^\$\.query\.records\[(\d+)\]/.exec(path);
  if (r) {
    const t = tokens[Number(r[1])];
    return { field: 'records', path, message, hint, ...(t ? { line: t.line, column: t.column } : {}) };
  }
  if (path.startsWith('$.query.records')) return { field: 'records', path, message, hint };
  if (path.startsWith('$.query.name')) return { field: 'qname', path, message, hint };
  if (path.startsWith('$.gaiConf')) return { field: 'gaiConf', path, message, hint };
  if (path.startsWith('$.name')) return { field: 'name', path, message, hint };
  return { field: 'scenario', path, message, hint };
}

export function evaluate(state: State): Evaluation {
  const lint = state.gaiConf === '' ? [] : lintGaiConf(state.gaiConf, { glibc: state.glibc }).diagnostics;
  const parsed = parseJsonWithLocation(state.host, 'host');
  if (!parsed.ok) {
    const e = parsed.error;
    return { scenario: null, problems: [{ field: 'host', path: '', message: e.message, hint: e.hint, line: e.line, column: e.column }], lint, results: [] };
  }
  // A key given twice: JSON.parse would keep the last silently; the CLI refuses such a file too.
  const dups = findDuplicateKeys(state.host);
  if (dups.length) {
    const problems = dups.map((d) => ({
      field: 'host' as const,
      path: d.path,
      message: `key "${d.key}" is given ${d.at.length} times in one object (again at ${d.at.slice(1).map((p) => `${p.line}:${p.column}`).join(', ')}); JSON.parse would keep only the last`,
      hint: 'Merge them into one (e.g. one "routes" array), or remove the one you do not mean.',
      line: d.at[0]!.line,
      column: d.at[0]!.column,
    }));
    return { scenario: null, problems, lint, results: [] };
  }
  const tokens = recordTokens(state.records);
  const v = validateScenario(scenarioOf(state, parsed.value));
  if (!v.ok) {
    return { scenario: null, problems: v.errors.map((e) => placeProblem(e.path, e.message, e.hint, e.target, state, tokens)), lint, results: [] };
  }
  const scenario = scenarioOf(state, parsed.value);
  // validateScenario accepted it: the library need not check it again (docs/api.md).
  const results = PAGE_PROFILES.map((profile) => simulateValidated(v.scenario, { profile, glibc: state.glibc }));
  return { scenario, problems: [], lint, results };
}

// ---------------------------------------------------------------------------------------------
// The fix

export interface Fix {
  /** The CLI command that prints the same fix (without --format). */
  command: string;
  want: Want | null;
  wantError: { message: string; hint: string } | null;
  result: SynthesisResult | null;
  /** What `gaiconf synthesize … --format F` prints, per format; empty when there is no text. */
  outputs: Partial<Record<OutputFormat, string>>;
  /** The COPY line of the copy format (its output is the file). */
  copyInstruction: string | null;
}

export function wantArgument(state: State): string {
  return state.wantMode === 'order' ? `--want ${shWord(state.wantOrder)}` : `--want-first ${shWord(state.wantFirst)}`;
}

export function synthesizeCommand(state: State): string {
  return `gaiconf synthesize --scenario ${SCENARIO_FILE} ${wantArgument(state)}${state.glibc !== '2.36' ? ` --glibc ${shWord(state.glibc)}` : ''}`;
}

export function simulateCommands(state: State): string[] {
  const glibc = state.glibc !== '2.36' ? ` --glibc ${shWord(state.glibc)}` : '';
  return [`gaiconf simulate --scenario ${SCENARIO_FILE} --profile all --explain${glibc}`, `gaiconf simulate --scenario ${SCENARIO_FILE} --profile rfc6724-update --explain`];
}

export function fixFor(state: State, scenario: Scenario): Fix {
  const command = synthesizeCommand(state);
  let want: Want;
  try {
    want = state.wantMode === 'order' ? parseWantOrder(state.wantOrder) : parseWantFirst(state.wantFirst);
  } catch (e) {
    if (!(e instanceof GaiconfInputError)) throw e;
    return { command, want: null, wantError: { message: e.errors[0]!.message, hint: e.hint }, result: null, outputs: {}, copyInstruction: null };
  }
  const result = synthesize([scenario], want, { profile: 'glibc', glibc: state.glibc, command });
  const outputs: Partial<Record<OutputFormat, string>> = {};
  let copyInstruction: string | null = null;
  if (result.text !== '') {
    const decoder = new TextDecoder();
    for (const f of OUTPUT_FORMATS) {
      const e = emitFormat(f, result.text, { target: '/etc/gai.conf' });
      outputs[f] = decoder.decode(e.bytes);
      if (f === 'copy') copyInstruction = e.dockerfile;
    }
  }
  return { command, want, wantError: null, result, outputs, copyInstruction };
}
