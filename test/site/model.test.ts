// The playground's evaluation step in Node (no browser): a host with a key given twice is refused
// with both places, as the CLI refuses such a file, instead of simulating what JSON.parse kept.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../site/src/model.js';
import type { State } from '../../site/src/state.js';

const base: State = {
  name: 'dup',
  host: '{\n  "interfaces": [{ "name": "eth0", "addresses": ["192.0.2.2/24", "2001:db8::2/64"] }],\n  "routes": [{ "to": "default", "via": "192.0.2.1" }]\n}',
  gaiConf: '',
  records: '2001:db8::5\n192.0.2.5',
  qname: 'dup.test',
  family: 'AF_UNSPEC',
  flags: [],
  glibc: '2.36',
  wantMode: 'first',
  wantFirst: 'ipv6',
  wantOrder: '',
  format: 'conf',
};

describe('playground evaluate()', () => {
  it('simulates a host whose keys are all distinct', () => {
    const e = evaluate(base);
    expect(e.problems).toEqual([]);
    expect(e.results.length).toBeGreaterThan(0);
  });

  it('refuses a host with a key given twice, placed at the first and naming the second', () => {
    const host = base.host.replace('\n}', ',\n  "routes": [{ "to": "default", "via": "2001:db8::1" }]\n}');
    const e = evaluate({ ...base, host });
    expect(e.results).toEqual([]);
    expect(e.problems).toEqual([
      expect.objectContaining({ field: 'host', path: '$.routes', line: 3, column: 3, message: expect.stringContaining('(again at 4:3)') }),
    ]);
  });
});
