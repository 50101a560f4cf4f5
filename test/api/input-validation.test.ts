// The library checks what it is given (docs/api.md): every public entry point taking a scenario,
// options, intents or a wanted order throws one GaiconfInputError with a stable code and every
// problem (path, message, hint), instead of dropping input or failing with a TypeError.
import { describe, expect, it } from 'vitest';
import {
  buildHost,
  compareGaiConfs,
  compareUpdate,
  connectPlan,
  DOCKER_ULA_EXAMPLE,
  emitFormat,
  fixGaiConf,
  GaiconfInputError,
  insertedRows,
  lintGaiConf,
  normalizeScenario,
  parseGaiConf,
  parseRuntime,
  parseWantFirst,
  parseWantOrder,
  policyFromIntents,
  renderIntents,
  runProfile,
  simulate,
  simulateValidated,
  synthesize,
  type InputErrorCode,
  type Scenario,
} from '../../src/index.js';

const example = (): Scenario => JSON.parse(JSON.stringify(DOCKER_ULA_EXAMPLE)) as Scenario;
const withRecords = (...records: string[]): Scenario => ({ ...example(), query: { records } });

function thrown(f: () => unknown): GaiconfInputError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(GaiconfInputError);
    return e as GaiconfInputError;
  }
  throw new Error('expected a GaiconfInputError, nothing was thrown');
}

interface Case {
  what: string;
  call: () => unknown;
  code: InputErrorCode;
  /** every problem's path, in order */
  paths: string[];
  /** the first problem's hint */
  hint?: RegExp;
}

const misspeltHost = { interfaces: [{ name: 'eth0', adresses: ['192.0.2.2/24'] }] };

const cases: Case[] = [
  // The reproductions.
  { what: 'a record glibc cannot parse (010.0.0.1) is not dropped', call: () => simulate(withRecords('010.0.0.1', '192.0.2.1')), code: 'INVALID_SCENARIO', paths: ['$.query.records[0]'], hint: /leading zeros/ },
  { what: 'a misspelt key is named, not a TypeError', call: () => simulate({ ...example(), host: misspeltHost as never }), code: 'INVALID_SCENARIO', paths: ['$.host.interfaces[0].adresses', '$.host.interfaces[0].addresses'], hint: /Did you mean "addresses"\?/ },
  { what: "profile 'muls'", call: () => simulate(example(), { profile: 'muls' as never }), code: 'INVALID_OPTIONS', paths: ['options.profile'], hint: /Did you mean "musl"\?/ },
  { what: "glibc 'banana'", call: () => simulate(example(), { glibc: 'banana' }), code: 'INVALID_OPTIONS', paths: ['options.glibc'], hint: /2\.36/ },
  // More of simulate's input.
  { what: 'an unknown option', call: () => simulate(example(), { allpairs: true } as never), code: 'INVALID_OPTIONS', paths: ['options.allpairs'], hint: /Did you mean "allPairs"\?/ },
  { what: 'freebsdPolicy', call: () => simulate(example(), { profile: 'freebsd', freebsdPolicy: 'ipv6-prefer' as never }), code: 'INVALID_OPTIONS', paths: ['options.freebsdPolicy'], hint: /ipv6_prefer/ },
  { what: 'allPairs not a boolean', call: () => simulate(example(), { allPairs: 'yes' as never }), code: 'INVALID_OPTIONS', paths: ['options.allPairs'] },
  { what: 'options null', call: () => simulate(example(), null as never), code: 'INVALID_OPTIONS', paths: ['options'] },
  { what: 'a scenario that is not an object', call: () => simulate('scenario.json' as never), code: 'INVALID_SCENARIO', paths: ['$'] },
  { what: 'no query', call: () => simulate({ host: example().host } as never), code: 'INVALID_SCENARIO', paths: ['$.query'] },
  { what: 'a bad scenario and bad options: every problem, the scenario first', call: () => simulate(withRecords('192.0.2.300'), { profile: 'muls' as never, glibc: '2.x' }), code: 'INVALID_SCENARIO', paths: ['$.query.records[0]', 'options.profile', 'options.glibc'] },
  { what: 'runProfile checks as simulate does', call: () => runProfile(withRecords('127.1'), { glibc: 'banana' }), code: 'INVALID_SCENARIO', paths: ['$.query.records[0]', 'options.glibc'], hint: /127\.0\.0\.1/ },
  // Intents.
  { what: 'unknown intents and bad prefixes, all of them', call: () => policyFromIntents(['prefer-ipv5', 'prefer-ipv4', 'avoid 10.0.0.1/8']), code: 'INVALID_INTENT', paths: ['intents[0]', 'intents[2]'], hint: /did you mean "prefer-ipv4"/ },
  { what: 'intents that contradict each other', call: () => policyFromIntents(['prefer-ipv4', 'prefer-ipv6', 'rfc6724', 'glibc-default']), code: 'INVALID_INTENT', paths: ['intents', 'intents'] },
  { what: 'an intent object of an unknown kind', call: () => policyFromIntents([{ kind: 'prefer-ipv5' } as never]), code: 'INVALID_INTENT', paths: ['intents[0].kind'], hint: /prefer-ipv4|prefer-ipv6/ },
  { what: 'a prefer intent object without a prefix', call: () => policyFromIntents([{ kind: 'prefer' } as never]), code: 'INVALID_INTENT', paths: ['intents[0].prefix'] },
  { what: 'intents not in a list', call: () => policyFromIntents('prefer-ipv4' as never), code: 'INVALID_INTENT', paths: ['intents'] },
  { what: 'no intent at all', call: () => renderIntents([]), code: 'INVALID_INTENT', paths: ['intents'] },
  // synthesize: scenarios, the wanted order, options.
  {
    what: 'synthesize: scenarios, want and options together',
    call: () => synthesize([example(), withRecords('010.0.0.1')], { kind: 'first', target: 'ipv5' } as never, { maxEdits: 9 }),
    code: 'INVALID_SCENARIO',
    paths: ['scenarios[1].query.records[0]', 'want.target', 'options.maxEdits'],
  },
  { what: 'synthesize: a want address that is not one', call: () => synthesize([example()], { kind: 'order', addresses: ['2001:db8::5', '2001:db8::5', 'fe80::1%eth0'] }), code: 'INVALID_WANT', paths: ['want.addresses[1]', 'want.addresses[2]'] },
  { what: 'synthesize: scenarios not a list', call: () => synthesize(example() as never, { kind: 'first', target: 'ipv6' }), code: 'INVALID_SCENARIO', paths: ['scenarios'] },
  { what: 'parseWantOrder', call: () => parseWantOrder('2001:db8::/32'), code: 'INVALID_WANT', paths: ['text'] },
  { what: 'parseWantFirst', call: () => parseWantFirst('ipv5'), code: 'INVALID_WANT', paths: ['text'] },
  // The other entry points.
  { what: 'compareGaiConfs: a gai.conf that is not text, a bad scenario, a bad profile', call: () => compareGaiConfs(42 as never, null, [{ host: misspeltHost } as never], { profile: 'glibx' as never }), code: 'INVALID_ARGUMENT', paths: ['oldConf', 'scenarios[0].query', 'scenarios[0].host.interfaces[0].adresses', 'scenarios[0].host.interfaces[0].addresses', 'options.profile'] },
  { what: 'compareUpdate: router facts in the options', call: () => compareUpdate(example(), { routerFacts: [{ kind: 'RIO', prefix: 'fd12::' }] as never }), code: 'INVALID_OPTIONS', paths: ['options.routerFacts[0].prefix'] },
  { what: 'insertedRows: router facts', call: () => insertedRows(undefined as never, [{ kind: 'RA', prefix: 'fd12::/48' }] as never), code: 'INVALID_ARGUMENT', paths: ['routerFacts[0].kind'] },
  { what: 'emitFormat: format, content and options', call: () => emitFormat('yaml' as never, 42 as never, { escapeChar: '"', target: '' }), code: 'INVALID_ARGUMENT', paths: ['format', 'content', 'options.target', 'options.escapeChar'] },
  { what: 'emitFormat: content a format cannot carry', call: () => emitFormat('dockerfile', 'label ::1/128 1\0'), code: 'INVALID_ARGUMENT', paths: ['content'], hint: /NUL/ },
  { what: 'lintGaiConf: glibc', call: () => lintGaiConf('label ::1/128 1\n', { glibc: 'banana' }), code: 'INVALID_OPTIONS', paths: ['options.glibc'] },
  { what: 'fixGaiConf: text', call: () => fixGaiConf(undefined as never), code: 'INVALID_ARGUMENT', paths: ['text'] },
  { what: 'parseGaiConf: an unknown option', call: () => parseGaiConf('', { glibs: '2.41' } as never), code: 'INVALID_OPTIONS', paths: ['options.glibs'], hint: /Did you mean "glibc"\?/ },
  {
    what: 'connectPlan: runtime, addresses, reachability and environment',
    call: () => connectPlan({ runtime: 'nod' } as never, ['010.0.0.1'], { '::1': { outcome: 'refuse' } } as never, { osConnectTimeoutMs: -1 }),
    code: 'INVALID_ARGUMENT',
    paths: ['runtime.runtime', 'sortedAddresses[0]', 'reachability["::1"].outcome', 'env.osConnectTimeoutMs'],
    hint: /did you mean "node"\?/,
  },
  { what: 'connectPlan: a runtime option of the wrong type', call: () => connectPlan({ runtime: 'node', options: { autoSelectFamily: 'true' } } as never, ['::1']), code: 'INVALID_ARGUMENT', paths: ['runtime.options.autoSelectFamily'] },
  { what: 'parseRuntime', call: () => parseRuntime('ruby@3'), code: 'INVALID_ARGUMENT', paths: ['text'] },
  { what: 'buildHost', call: () => buildHost(misspeltHost as never), code: 'INVALID_SCENARIO', paths: ['host.interfaces[0].adresses', 'host.interfaces[0].addresses'] },
  { what: 'normalizeScenario', call: () => normalizeScenario(withRecords('::ffff:1.2.3')), code: 'INVALID_SCENARIO', paths: ['$.query.records[0]'] },
];

describe('GaiconfInputError from every entry point', () => {
  it.each(cases.map((c) => [c.what, c] as const))('%s', (_what, c) => {
    const e = thrown(c.call);
    expect(e.code).toBe(c.code);
    expect(e.errors.map((p) => p.path)).toEqual(c.paths);
    for (const p of e.errors) {
      expect(p.message).not.toBe('');
      expect(p.hint).not.toBe('');
    }
    if (c.hint) expect(e.errors[0]!.hint).toMatch(c.hint);
    // The message alone names every problem (what a log or a failed test shows).
    for (const p of e.errors) expect(e.message).toContain(p.path);
  });
});

describe('the error object', () => {
  it('is an Error with a name, a code, frozen problems and the first hint', () => {
    const e = thrown(() => simulate(withRecords('010.0.0.1', '10.0.0.01')));
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('GaiconfInputError');
    expect(e.message).toMatch(/^invalid scenario: 2 problems\n {2}\$\.query\.records\[0\]: /);
    expect(Object.isFrozen(e.errors)).toBe(true);
    expect(Object.isFrozen(e.errors[0])).toBe(true);
    expect(e.hint).toBe(e.errors[0]!.hint);
    expect(JSON.parse(JSON.stringify(e.errors))).toEqual(e.errors.map((p) => ({ path: p.path, message: p.message, hint: p.hint })));
  });

  it('names what it got: a class instance, a number where a version string goes', () => {
    class Options {
      profile = 'glibc';
    }
    expect(thrown(() => simulate(example(), new Options() as never)).errors[0]!.message).toBe('options must be a plain object, not a Options instance');
    expect(thrown(() => simulate(example(), { glibc: 2.36 as never })).errors[0]!.message).toBe('number 2.36 is not a glibc version');
  });

  it('one problem reads as one line', () => {
    expect(thrown(() => simulate(example(), { glibc: 'banana' })).message).toBe('invalid options: options.glibc: "banana" is not a glibc version');
  });
});

describe('valid input', () => {
  it('simulates, and accepts glibc versions of every documented form', () => {
    for (const glibc of ['2.36', '2.41', '2.39.9000']) expect(simulate(example(), { glibc }).status).toBe('OK');
  });

  it('simulateValidated is the unchecked fast path: it trusts its input (010.0.0.1 is skipped)', () => {
    const r = simulateValidated(withRecords('010.0.0.1', '192.0.2.1'));
    expect(r.order).toEqual(['192.0.2.1']);
  });

  it('simulate and simulateValidated give the same result for valid input', () => {
    const s = example();
    expect(JSON.stringify(simulate(s, { profile: 'musl' }))).toBe(JSON.stringify(simulateValidated(s, { profile: 'musl' })));
  });
});

describe('a scenario object changed after it was checked is checked again', () => {
  const fresh = (): Scenario => withRecords('192.0.2.1', '2001:db8::1');

  it.each([
    ['a record appended', (s: Scenario) => s.query.records.push('010.0.0.1'), '$.query.records[2]'],
    ['a record replaced in place', (s: Scenario) => (s.query.records[0] = '256.0.0.1'), '$.query.records[0]'],
    ['the records array replaced', (s: Scenario) => (s.query.records = ['fe80::1%eth0']), '$.query.records[0]'],
    ['a flag added', (s: Scenario) => (s.query.flags = ['AI_ADDRCONFIG', 'AI_V4MAPED' as never]), '$.query.flags[1]'],
    ['the family changed', (s: Scenario) => (s.query.family = 'AF_INET4' as never), '$.query.family'],
    ['a misspelt key added to the query', (s: Scenario) => ((s.query as unknown as Record<string, unknown>).recrods = ['192.0.2.9']), '$.query.recrods'],
    ['a misspelt key added to the scenario', (s: Scenario) => ((s as unknown as Record<string, unknown>).gaiconf = 'label ::/0 1'), '$.gaiconf'],
    ['gaiConf no longer text', (s: Scenario) => (s.gaiConf = 42 as never), '$.gaiConf'],
    ['the host replaced by a bad one', (s: Scenario) => (s.host = misspeltHost as never), '$.host.interfaces[0].adresses'],
    ['the query replaced', (s: Scenario) => (s.query = { records: ['1.2.3'] }), '$.query.records[0]'],
    ['router facts changed in place', (s: Scenario) => (s.routerFacts = [{ kind: 'RIO', prefix: 'fd00::/40' }]) && s.routerFacts.push({ kind: 'X', prefix: 'fd00::/40' } as never), '$.routerFacts[1].kind'],
  ])('%s', (_what, change, path) => {
    const s = fresh();
    expect(simulate(s).status).toBe('OK');
    expect(simulate(s).status).toBe('OK'); // the cached path
    change(s);
    expect(thrown(() => simulate(s)).errors[0]!.path).toBe(path);
  });

  it('a valid change is simulated with the new value', () => {
    const s = fresh();
    expect(simulate(s).order).toHaveLength(2);
    s.query.records.push('203.0.113.7');
    expect(simulate(s).order).toContain('203.0.113.7');
    s.query.records.length = 1;
    expect(simulate(s).order).toEqual(['192.0.2.1']);
  });

  it('a scenario parsed again with an equal host is checked as a whole, not only the host', () => {
    const text = JSON.stringify(fresh());
    expect(simulate(JSON.parse(text) as Scenario).status).toBe('OK');
    const again = JSON.parse(text) as Scenario;
    again.query.records[1] = '2001:db8::g';
    expect(thrown(() => simulate(again)).errors.map((p) => p.path)).toEqual(['$.query.records[1]']);
    // An equal host text that is not plain data is validated in full (here: a class instance).
    class Host {
      interfaces = fresh().host.interfaces;
      routes = fresh().host.routes;
    }
    expect(thrown(() => simulate({ ...fresh(), host: new Host() as never })).errors[0]!.path).toBe('$.host');
  });
});
