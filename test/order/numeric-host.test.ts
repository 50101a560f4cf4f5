// The numeric-host model on glibc 2.36's observed answers (test/live/numeric-host.test.ts asks the
// real glibc in a namespace; these rows are from such a run, on a host with 192.0.2.10/24 and
// 2001:db8::10/64 on eth0, and on a loopback-only host).
import { describe, expect, it } from 'vitest';
import { inetAtonExact } from '../../src/address/inet-aton.js';
import { numericHost } from '../../src/order/numeric-host.js';
import type { ScenarioHost } from '../../src/scenario/types.js';

const DUAL: ScenarioHost = { interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24', '2001:db8::10/64'] }] };
const LO: ScenarioHost = { interfaces: [] };

describe('inetAtonExact (glibc __inet_aton_exact)', () => {
  it.each([
    ['127.1', '127.0.0.1'], ['0x7f.1', '127.0.0.1'], ['010.0.0.1', '8.0.0.1'], ['1.2.3', '1.2.0.3'], ['0x7f000001', '127.0.0.1'], ['2130706433', '127.0.0.1'],
    ['017700000001', '127.0.0.1'], ['127.0.0.01', '127.0.0.1'], ['0', '0.0.0.0'], ['1.2.3.0x4', '1.2.3.4'], ['4294967295', '255.255.255.255'],
  ])('%s → %s', (text, dotted) => expect(Array.from(inetAtonExact(text)!).join('.')).toBe(dotted));
  it.each(['1.2.3.4.', '256.1', '1.2.3.4.5', '0x', '127.1.', ' 127.1', '127.1 ', '127..1', '4294967296', '08.1', '', 'a.1', '1.0x', '+1', '1.-1'])('%j is not one', (text) => expect(inetAtonExact(text)).toBeNull());
});

describe('numericHost', () => {
  const ask = (name: string, family: 'AF_UNSPEC' | 'AF_INET' | 'AF_INET6', flags: string[] = [], host = DUAL) => numericHost(name, { family, flags: flags as never }, host);
  it('IPv4 forms, with AI_NUMERICHOST too; AF_INET6 only with AI_V4MAPPED', () => {
    expect(ask('127.1', 'AF_UNSPEC', ['AI_NUMERICHOST'])).toMatchObject({ status: 'OK', address: '127.0.0.1' });
    expect(ask('127.1', 'AF_INET6')).toMatchObject({ status: 'EAI_ADDRFAMILY' });
    expect(ask('127.1', 'AF_INET6', ['AI_V4MAPPED', 'AI_ALL'])).toMatchObject({ status: 'OK', address: '::ffff:127.0.0.1', family: 6 });
  });
  it('scopes: a name only on link-local, a number anywhere, a missing interface is EAI_NONAME', () => {
    expect(ask('fe80::1%lo', 'AF_UNSPEC')).toMatchObject({ status: 'OK', address: 'fe80::1', scope: { index: 1 } });
    expect(ask('fe80::1%eth0', 'AF_INET6')).toMatchObject({ status: 'OK', scope: { index: 2 } });
    expect(ask('::1%lo', 'AF_UNSPEC')).toMatchObject({ status: 'EAI_NONAME' });
    expect(ask('::1%1', 'AF_UNSPEC')).toMatchObject({ status: 'OK', scope: { index: 1 } });
    expect(ask('fe80::1%eth9', 'AF_UNSPEC')).toMatchObject({ status: 'EAI_NONAME' });
    expect(ask('fe80::1%lo', 'AF_INET')).toMatchObject({ status: 'EAI_ADDRFAMILY' });
    expect(ask('::ffff:127.0.0.1', 'AF_INET')).toMatchObject({ status: 'OK', address: '127.0.0.1', family: 4 });
  });
  it('AI_ADDRCONFIG first: AF_INET on a loopback-only host is EAI_NONAME, AF_UNSPEC is not filtered', () => {
    expect(ask('127.1', 'AF_INET', ['AI_ADDRCONFIG'], LO)).toMatchObject({ status: 'EAI_NONAME' });
    expect(ask('127.1', 'AF_UNSPEC', ['AI_ADDRCONFIG'], LO)).toMatchObject({ status: 'OK' });
  });
  it('names: null (NSS decides), or EAI_NONAME under AI_NUMERICHOST', () => {
    expect(ask('example.test', 'AF_UNSPEC')).toBeNull();
    expect(ask('::ffff:127.1', 'AF_UNSPEC')).toBeNull();
    expect(ask('example.test', 'AF_UNSPEC', ['AI_NUMERICHOST'])).toMatchObject({ status: 'EAI_NONAME' });
  });
});
