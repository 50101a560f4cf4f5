// The hint under a result is advice the user can act on where they are: nothing that needs IPv6
// where IPv6 is off, no invitation to undo the gai.conf that decides the order, the narrow fix
// before the machine-wide one, and, for implementations that never read /etc/gai.conf, that a
// file would change nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderIntents } from '../src/emit/gai-conf.js';
import type { ProfileName } from '../src/order/facts.js';
import type { Scenario } from '../src/scenario/types.js';
import { simulate } from '../src/simulate.js';

const load = (name: string): Scenario => JSON.parse(readFileSync(new URL(`./field-cases/scenarios/${name}.json`, import.meta.url), 'utf8')) as Scenario;
const hint = (s: Scenario, profile: ProfileName = 'glibc') => simulate(s, { profile }).hint;

/** Advice that needs IPv6 on the host. */
const NEEDS_IPV6 = /ipv6first|preferIPv6Addresses=true|both families|add a route or an address/;

describe('hints on a host where IPv6 is off', () => {
  const disabled = load('ipv6-disabled');
  const v4only: Scenario = { ...disabled, host: { interfaces: [{ name: 'eth0', addresses: ['192.0.2.60/24'] }], routes: [{ to: 'default', via: '192.0.2.1' }] } };
  const noKernel: Scenario = { ...v4only, host: { ...v4only.host, kernelIpv6: false } };

  it.each([
    ['ipv6: false', disabled],
    ['no IPv6 address but ::1', v4only],
    ['kernelIpv6: false', noKernel],
  ])('%s: the order needs no fix, nothing that needs IPv6 is offered, listeners go to gaiconf listen', (_what, s) => {
    const r = simulate(s);
    expect(r.order[0]).toBe('198.51.100.56');
    expect(r.hint).toMatch(/^gai\.conf cannot help, and the order needs no fix: IPv6 is off on this host/);
    expect(r.hint).toMatch(/gaiconf listen 0\.0\.0\.0:PORT/);
    expect(r.hint).not.toMatch(NEEDS_IPV6);
  });

  it('a host with IPv6 but no route still gets the route advice', () => {
    expect(hint(load('broken-ipv6-no-route'))).toMatch(/add a route or an address of that family/);
  });
});

describe('after a fix is applied, no invitation to the opposite change', () => {
  it.each(['docker-ula-fixed', 'podman-localhost-prefer-ipv4', 'broken-ipv6-path-prefer-ipv4'])('%s: no hint', (name) => {
    const r = simulate(load(name));
    expect(r.status).toBe('OK');
    expect(r.hint).toBeNull();
  });

  it('the same answers without the file still get their fix', () => {
    expect(hint({ ...load('docker-ula-fixed'), gaiConf: null })).toMatch(/ula-as-global/);
    expect(hint({ ...load('podman-localhost-prefer-ipv4'), gaiConf: null })).toMatch(/prefer-ipv4/);
  });

  it('the ULA fix from generate, simulated: no hint to put IPv4 first', () => {
    const s = { ...load('docker-ula'), gaiConf: renderIntents(['ula-as-global']).text };
    expect(simulate(s).order[0]).toBe('2001:db8::25');
    expect(hint(s)).toBeNull();
  });
});

describe('the narrow fix first', () => {
  it('localhost: ::ffff:127.0.0.1/128 before the machine-wide prefer-ipv4, and it is what generate writes', () => {
    const h = hint(load('podman-localhost'))!;
    expect(h).toMatch(/^to put 127\.0\.0\.1 first for this address only: `precedence ::ffff:127\.0\.0\.1\/128 105`.*--intent 'prefer 127\.0\.0\.1'.*; for every IPv4 answer of every name: gaiconf generate --intent prefer-ipv4$/);
    const narrow = renderIntents(['prefer 127.0.0.1']).text;
    expect(narrow).toMatch(/^precedence ::ffff:127\.0\.0\.1\/128 105 /m);
    expect(simulate({ ...load('podman-localhost'), gaiConf: narrow }).order[0]).toBe('127.0.0.1');
  });
});

describe('where gai.conf changes nothing', () => {
  it("Go's pure resolver (the Beszel hub): IPv6 first by its own table, and GODEBUG=netdns=cgo", () => {
    const h = hint(load('broken-ipv6-path'), 'go')!;
    expect(h).toMatch(/^IPv6 comes first by Go's own precedence table, which no gai\.conf line changes\. Go's built-in resolver ignores \/etc\/gai\.conf/);
    expect(h).toMatch(/GODEBUG=netdns=cgo/);
  });

  it.each(['musl', 'go', 'rfc6724'] as const)('%s with a gai.conf: the file changes nothing there', (profile) => {
    expect(hint(load('docker-ula-fixed'), profile)).toMatch(/^This scenario's gai\.conf changes nothing here/);
  });
});
