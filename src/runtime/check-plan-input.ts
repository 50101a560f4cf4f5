// The checks of connectPlan's and parseRuntime's input (docs/api.md): a RuntimeSpec, the
// sorted address list, the reachability map and the environment, every problem at once.
import { parseIp } from '../address/ip.js';
import type { InputProblem } from '../input-error.js';
import { describe, Problems } from '../input-problems.js';
import { closest } from '../scenario/validate.js';
import { validateRuntimeFields } from '../scenario/validate-runtime.js';
import type { RuntimeName } from './model.js';

/** Each runtime's options and their kind: a number, a boolean, or one of a list (empty: any text). */
export const OPTION_KEYS: Record<RuntimeName, Record<string, 'number' | 'boolean' | readonly string[]>> = {
  node: { autoSelectFamily: 'boolean', autoSelectFamilyAttemptTimeout: 'number', family: 'number', localAddress: [], order: ['verbatim', 'ipv4first', 'ipv6first'], dnsResultOrder: ['verbatim', 'ipv4first', 'ipv6first'] },
  go: { resolver: ['go', 'cgo'], network: ['tcp', 'tcp4', 'tcp6'], fallbackDelayMs: 'number', timeoutMs: 'number', localAddrFamily: 'number' },
  python: { api: ['create_connection', 'asyncio'], timeoutMs: 'number', happyEyeballsDelayMs: 'number', interleave: 'number', allErrors: 'boolean' },
  curl: { heTimeoutMs: 'number', ipresolve: ['whatever', 'v4', 'v6'], connectTimeoutMs: 'number' },
  java: { preferIPv6Addresses: ['false', 'true', 'system'], preferIPv4Stack: 'boolean', connectTimeoutMs: 'number' },
  rfc8305: { connectionAttemptDelayMs: 'number', firstAddressFamilyCount: 'number', resolutionDelayMs: 'number', advanceOnFailure: 'boolean', variant: ['rfc8305', 'hev3'] },
};

export const RUNTIME_NAME_LIST = Object.keys(OPTION_KEYS) as RuntimeName[];

// The options of a RuntimeSpec object (NodeOptions, GoOptions, … in each runtime's file): what
// each accepts as a value, for its check. The text form (OPTION_KEYS) reaches a subset.
interface OptionCheck {
  readonly ok: (v: unknown) => boolean;
  readonly want: string;
}
const number: OptionCheck = { ok: (v) => typeof v === 'number' && Number.isFinite(v), want: 'a finite number' };
const numberOrNull: OptionCheck = { ok: (v) => v === null || number.ok(v), want: 'a finite number or null' };
const boolean: OptionCheck = { ok: (v) => typeof v === 'boolean', want: 'true or false' };
const string: OptionCheck = { ok: (v) => typeof v === 'string', want: 'a string' };
const oneOf = (...xs: readonly unknown[]): OptionCheck => ({ ok: (v) => xs.includes(v), want: `one of ${xs.map((x) => JSON.stringify(x)).join(', ')}` });
const answerDelay: OptionCheck = {
  ok: (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.entries(v).every(([k, x]) => (k === '4' || k === '6') && number.ok(x)),
  want: 'an object { 4?: ms, 6?: ms }',
};
const SPEC_OPTIONS: Record<RuntimeName, Readonly<Record<string, OptionCheck>>> = {
  node: { autoSelectFamily: boolean, autoSelectFamilyAttemptTimeout: number, family: oneOf(0, 4, 6), localAddress: string, order: oneOf('verbatim', 'ipv4first', 'ipv6first'), dnsResultOrder: oneOf('verbatim', 'ipv4first', 'ipv6first') },
  go: { resolver: oneOf('go', 'cgo'), network: oneOf('tcp', 'tcp4', 'tcp6'), fallbackDelayMs: number, timeoutMs: number, localAddrFamily: oneOf(4, 6) },
  python: { api: oneOf('create_connection', 'asyncio'), timeoutMs: numberOrNull, happyEyeballsDelayMs: numberOrNull, interleave: numberOrNull, allErrors: boolean },
  curl: { heTimeoutMs: number, ipresolve: oneOf('whatever', 'v4', 'v6'), connectTimeoutMs: number },
  java: { preferIPv6Addresses: oneOf('false', 'true', 'system', false, true), preferIPv4Stack: boolean, connectTimeoutMs: number },
  rfc8305: { connectionAttemptDelayMs: number, firstAddressFamilyCount: number, resolutionDelayMs: number, answerDelayMs: answerDelay, advanceOnFailure: boolean, variant: oneOf('rfc8305', 'hev3') },
};

/** `name[@version]`'s version: 1 to 3 decimal parts. */
export const RUNTIME_VERSION = /^\d+(\.\d+){0,2}$/;

/** The problems of a RuntimeSpec object. */
export function runtimeSpecProblems(spec: unknown, path = 'runtime'): InputProblem[] {
  const p = new Problems();
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    p.add(path, `${path} must be a runtime spec object, not ${describe(spec)}`, 'e.g. { runtime: "node", version: "20" }, or parseRuntime("node@20")');
    return p.list;
  }
  const o = spec as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!['runtime', 'version', 'options'].includes(k)) p.add(`${path}.${k}`, `unknown key ${JSON.stringify(k)} in a runtime spec`, 'a runtime spec is { runtime, version?, options? }');
  const name = o.runtime;
  if (typeof name !== 'string' || !(RUNTIME_NAME_LIST as readonly string[]).includes(name)) {
    const guess = typeof name === 'string' ? closest(name, RUNTIME_NAME_LIST) : undefined;
    p.add(`${path}.runtime`, `unknown runtime ${describe(name)}`, guess ? `did you mean "${guess}"?` : `one of ${RUNTIME_NAME_LIST.join(', ')}`);
    return p.list;
  }
  if (o.version !== undefined && (typeof o.version !== 'string' || !RUNTIME_VERSION.test(o.version))) p.add(`${path}.version`, `bad version ${describe(o.version)} for ${name}`, 'write 1 to 3 decimal parts, e.g. "20" or "8.9.1"');
  const checks = SPEC_OPTIONS[name as RuntimeName];
  if (o.options !== undefined && p.object(o.options, `${path}.options`, Object.keys(checks)) && o.options !== undefined) {
    for (const [key, v] of Object.entries(o.options)) {
      const check = checks[key];
      if (check !== undefined && v !== undefined && !check.ok(v)) p.add(`${path}.options.${key}`, `${name} option ${key} must be ${check.want}, not ${describe(v)}`, `see the ${name} options in docs/runtimes/`);
    }
  }
  return p.list;
}

/** The problems of the sorted list: address strings, or entries with an `address` (simulate()'s `results`). */
export function planAddressProblems(list: unknown, path = 'sortedAddresses'): InputProblem[] {
  const p = new Problems();
  if (!Array.isArray(list)) {
    p.add(path, `${path} must be an array, not ${describe(list)}`, "pass simulate(…).results, or the order's address strings");
    return p.list;
  }
  list.forEach((e: unknown, i) => {
    const at = `${path}[${i}]`;
    const address = typeof e === 'object' && e !== null ? (e as Record<string, unknown>).address : e;
    const where = typeof e === 'object' && e !== null ? `${at}.address` : at;
    if (typeof address !== 'string' || parseIp(address) === null) p.add(where, `${describe(address)} is not an IP address`, 'give the addresses as getaddrinfo returns them, e.g. 2001:db8::5');
    if (typeof e === 'object' && e !== null) {
      const r = e as Record<string, unknown>;
      if (r.family !== undefined && r.family !== 4 && r.family !== 6) p.add(`${at}.family`, `family must be 4 or 6, not ${describe(r.family)}`, 'or leave it out: it is read from the address');
      p.boolean(r.usable, `${at}.usable`);
      if (r.errno !== undefined && r.errno !== null && typeof r.errno !== 'string') p.add(`${at}.errno`, `errno must be a string or null, not ${describe(r.errno)}`, 'e.g. "ENETUNREACH"');
    }
  });
  return p.list;
}

/** The problems of a reachability map (the scenario field's format, docs/runtimes/README.md). */
export function reachabilityProblems(v: unknown, path = 'reachability'): InputProblem[] {
  if (v === undefined) return [];
  return validateRuntimeFields({ reachability: v }).map((e) => ({ path: path + e.path.slice('$.reachability'.length), message: e.message, hint: e.hint }));
}

/** The problems of a PlanEnvironment. */
export function planEnvironmentProblems(env: unknown, path = 'env'): InputProblem[] {
  const p = new Problems();
  if (p.object(env, path, ['osConnectTimeoutMs']) && env !== undefined) {
    const t = env.osConnectTimeoutMs;
    if (t !== undefined && (typeof t !== 'number' || !Number.isFinite(t) || t < 0)) p.add(`${path}.osConnectTimeoutMs`, `osConnectTimeoutMs must be a number of milliseconds ≥ 0, not ${describe(t)}`, 'e.g. 127000 (Linux with tcp_syn_retries 6)');
  }
  return p.list;
}
