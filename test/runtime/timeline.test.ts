// connectPlan dispatch, the --runtime parser, the JSON shape (docs/runtimes/README.md) and
// the proposed scenario fields.
import { describe, expect, it } from 'vitest';
import { connectPlan, parseRuntime, renderConnectPlan, RUNTIME_NAMES, RUNTIMES } from '../../src/runtime/timeline.js';
import { validateRuntimeFields } from '../../src/scenario/validate-runtime.js';

describe('connectPlan', () => {
  it('every runtime returns the documented JSON shape', () => {
    for (const runtime of RUNTIME_NAMES) {
      const p = connectPlan({ runtime } as Parameters<typeof connectPlan>[0], ['::1', '127.0.0.1']);
      expect(Object.keys(p).sort()).toEqual(['attempts', 'error', 'input', 'notes', 'options', 'order', 'runtime', 'schemaVersion', 'totalMs', 'version', 'winner'].sort());
      expect(p.schemaVersion).toBe(1);
      expect(p.winner).not.toBeNull();
      for (const a of p.attempts) expect(Object.keys(a).sort()).toEqual(['address', 'endMs', 'errno', 'family', 'outcome', 'reason', 'startMs']);
      expect(JSON.parse(JSON.stringify(p))).toEqual(p);
      expect(renderConnectPlan(p)).toContain('connected to');
    }
  });

  it('RUNTIMES metadata names the profile and getaddrinfo flags behind each plan', () => {
    expect(RUNTIMES.node.lookup({ runtime: 'node' })).toMatchObject({ profile: 'glibc', flags: ['AI_ADDRCONFIG'], family: 'AF_UNSPEC' });
    expect(RUNTIMES.node.lookup({ runtime: 'node', options: { family: 4 } })).toMatchObject({ flags: [], family: 'AF_INET' });
    expect(RUNTIMES.python.lookup({ runtime: 'python' }).flags).toEqual([]);
    expect(RUNTIMES.rfc8305.lookup({ runtime: 'rfc8305' }).profile).toBe('rfc6724');
    expect(RUNTIMES.java.lookup({ runtime: 'java', options: { preferIPv4Stack: true } }).family).toBe('AF_INET');
  });

  it('an empty list fails without attempts', () => {
    const p = connectPlan({ runtime: 'node' }, []);
    expect([p.attempts, p.winner]).toEqual([[], null]);
  });
});

describe('parseRuntime (--runtime R)', () => {
  it.each([
    ['node', { runtime: 'node' }],
    ['node@18', { runtime: 'node', version: '18' }],
    ['node@v25.2.0,autoSelectFamilyAttemptTimeout=100', { runtime: 'node', version: '25.2.0', options: { autoSelectFamilyAttemptTimeout: 100 } }],
    ['node@20,autoSelectFamily=false', { runtime: 'node', version: '20', options: { autoSelectFamily: false } }],
    ['go,resolver=cgo', { runtime: 'go', options: { resolver: 'cgo' } }],
    ['curl@8.9.1', { runtime: 'curl', version: '8.9.1' }],
    ['java,preferIPv6Addresses=system', { runtime: 'java', options: { preferIPv6Addresses: 'system' } }],
    ['python,api=asyncio,happyEyeballsDelayMs=250', { runtime: 'python', options: { api: 'asyncio', happyEyeballsDelayMs: 250 } }],
    ['rfc8305,firstAddressFamilyCount=2', { runtime: 'rfc8305', options: { firstAddressFamilyCount: 2 } }],
  ])('%s', (text, spec) => expect(parseRuntime(text)).toEqual(spec));

  it.each([
    ['ruby', /unknown runtime "ruby"/],
    ['node@twenty', /bad version/],
    ['node,autoSelect=true', /unknown node option "autoSelect"/],
    ['go,resolver=dns', /must be one of go, cgo/],
    ['node,autoSelectFamily=yes', /needs true or false/],
  ])('rejects %s', (text, msg) => expect(() => parseRuntime(text)).toThrow(msg));
});

describe('proposed scenario fields (types-runtime.ts)', () => {
  it('accepts the documented example', () => {
    expect(
      validateRuntimeFields({
        reachability: { '::1': { outcome: 'refused' }, '192.0.2.25': { outcome: 'unreachable', errno: 'EHOSTUNREACH', delayMs: 0 } },
        routerFacts: [{ kind: 'RIO', prefix: 'fd12:3456:789a::/48' }, { kind: 'PIO', prefix: 'fd12:3456:789a:1::/64', snac: false }],
        knownLocalUla: true,
        runtime: 'node@20',
      }),
    ).toEqual([]);
  });

  it('reports bad values with paths and hints', () => {
    const errors = validateRuntimeFields({ reachability: { 'not-an-ip': { outcome: 'refuse' } }, routerFacts: [{ kind: 'RA', prefix: '10.0.0.0/8' }], knownLocalUla: 'yes' }, 'x.json');
    expect(errors.map((e) => e.path)).toEqual(['$.reachability["not-an-ip"]', '$.reachability["not-an-ip"].outcome', '$.routerFacts[0].kind', '$.routerFacts[0].prefix', '$.knownLocalUla']);
    expect(errors[1]!.hint).toBe('Did you mean "refused"?');
    expect(errors.every((e) => e.source === 'x.json')).toBe(true);
  });
});
