// The playground's URL fragment: the state round-trips exactly (deflate-raw through the
// platform's CompressionStream, base64url), any text included; a foreign or broken fragment is
// not a state. Runs in Node, which has the same streams as the browser.
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { coerceState, decodeFragment, encodeState, isStateFragment, type State } from '../../site/src/state.js';

const state: State = {
  name: 'Überprüfung ✓ “quotes” \\ and a\ttab 🦊',
  host: '{ "interfaces": [ { "name": "eth0", "addresses": ["192.0.2.1/24"] } ] }\r\n',
  gaiConf: 'label fd00::/8 1\n# ☃\u0000\n',
  records: '2001:db8::5\n203.0.113.5',
  qname: 'smtp.example.test',
  family: 'AF_INET6',
  flags: ['AI_ADDRCONFIG', 'AI_V4MAPPED'],
  glibc: '2.41',
  wantMode: 'order',
  wantFirst: 'ipv6',
  wantOrder: '2001:db8::5,203.0.113.5',
  format: 'heredoc',
};

describe('playground state in the URL fragment', () => {
  it('round-trips exactly, and the fragment is plain deflate-raw + base64url', async () => {
    const f = await encodeState(state);
    expect(f).toMatch(/^z1\.[A-Za-z0-9_-]+$/);
    expect(isStateFragment(`#${f}`)).toBe(true);
    expect(await decodeFragment(`#${f}`)).toEqual(state);
    expect(JSON.parse(inflateRawSync(Buffer.from(f.slice(3), 'base64url')).toString('utf8'))).toEqual(state);
    expect(coerceState(await decodeFragment(f), state)).toEqual(state);
  });

  it('compresses: a large host still makes a link of reasonable length', async () => {
    const host = JSON.stringify({ interfaces: Array.from({ length: 40 }, (_, i) => ({ name: `eth${i}`, addresses: [`10.${i}.0.2/24`, `fd00:${i}::2/64`] })) }, null, 2);
    const f = await encodeState({ ...state, host });
    expect(f.length).toBeLessThan(host.length / 2);
  });

  it('a fragment that is not a state is ignored; a broken one decodes to null', async () => {
    expect(isStateFragment('#result')).toBe(false);
    expect(await decodeFragment('#result')).toBeNull();
    expect(await decodeFragment('#z1.AAAA')).toBeNull();
    expect(await decodeFragment(`#j1.${Buffer.from('{"name":"x"}').toString('base64url')}`)).toEqual({ name: 'x' });
  });

  it('wrong or missing fields take the defaults', () => {
    const s = coerceState({ name: 7, family: 'AF_FOO', flags: ['AI_ALL', 'AI_NOPE'], glibc: 'banana', format: 'exe', wantMode: 'order' }, state);
    expect(s).toEqual({ ...state, flags: ['AI_ALL'], wantMode: 'order' });
  });
});
