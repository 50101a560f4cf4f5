import { describe, expect, it } from 'vitest';
import {
  findJsonSyntaxError,
  locateJsonPath,
  locateJsonPathOrAncestor,
  offsetToLineColumn,
  parseJsonPath,
  parseJsonWithLocation,
} from '../../src/scenario/json-error.js';

function fail(text: string) {
  const r = parseJsonWithLocation(text, 'bad.json');
  if (r.ok) throw new Error(`expected a syntax error for ${JSON.stringify(text)}`);
  return r.error;
}

describe('parseJsonWithLocation', () => {
  it('parses valid JSON', () => {
    expect(parseJsonWithLocation('{"a": [1, "x", null]}', 'f.json')).toEqual({ ok: true, value: { a: [1, 'x', null] } });
  });

  it('accepts a leading byte-order mark', () => {
    expect(parseJsonWithLocation('\uFEFF{"a": 1}', 'f.json')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('places a trailing comma (V8 reports "at position N")', () => {
    const e = fail('{\n  "a": 1,\n}');
    expect(e).toMatchObject({ file: 'bad.json', line: 3, column: 1 });
    expect(e.message).toBe('Expected double-quoted property name');
    expect(e.hint).toMatch(/trailing comma/);
  });

  it('places a trailing comma in an array (V8 gives no position: scanner fallback)', () => {
    const e = fail('{\n  "records": [\n    "192.0.2.1",\n  ]\n}');
    expect(e).toMatchObject({ line: 4, column: 3 });
    expect(e.message).toBe("Unexpected token ']'");
    expect(e.hint).toMatch(/trailing comma/);
  });

  it('places an unexpected token without echoing the whole input', () => {
    const e = fail('{"a":}');
    expect(e).toMatchObject({ line: 1, column: 6 });
    expect(e.message).toBe("Unexpected token '}'");
  });

  it('places a bad bare word on its own line', () => {
    const e = fail('{\n  "host": tru\n}');
    expect(e).toMatchObject({ line: 2, column: 14 });
    expect(e.message).toBe("Unexpected token '\\n'");
    expect(e.hint).toMatch(/double-quoted/);
  });

  it('places a missing comma between members', () => {
    const e = fail('{\n  "a": 1\n  "b": 2\n}');
    expect(e).toMatchObject({ line: 3, column: 3 });
    expect(e.hint).toMatch(/comma is missing/);
  });

  it('counts CRLF and lone CR as one line break each', () => {
    expect(fail('{\r\n  "a": 1,\r\n}')).toMatchObject({ line: 3, column: 1 });
    expect(fail('{\r  "a": 1,\r}')).toMatchObject({ line: 3, column: 1 });
  });

  it('reports the end of input for truncated documents', () => {
    expect(fail('{\n  "a": [1,\n')).toMatchObject({ line: 3, column: 1 });
    expect(fail('{\n  "a": "x')).toMatchObject({ line: 2, column: 10 });
    expect(fail('{\n  "a": "x').hint).toMatch(/ends too early/);
  });

  it('reports an empty file at 1:1', () => {
    const e = fail('');
    expect(e).toMatchObject({ line: 1, column: 1 });
    expect(e.message).toMatch(/empty/);
    expect(fail('  \n ')).toMatchObject({ line: 2, column: 2 });
  });

  it('hints at comments, single quotes, unquoted keys and raw control characters', () => {
    expect(fail('// scenario\n{}').hint).toMatch(/no comments/);
    expect(fail("{'a': 1}").hint).toMatch(/double quotes/);
    expect(fail('{a: 1}').hint).toMatch(/double-quoted/);
    expect(fail('{"a": "x\ty"}')).toMatchObject({ line: 1, column: 9 });
    expect(fail('{"a": "x\ty"}').hint).toMatch(/\\t/);
    expect(fail('{"a": 1}\n}').hint).toMatch(/extra \}/);
  });

  it('never throws', () => {
    for (const t of ['', '{', '"\\', '[1e', '\uFEFF', '\u0000', '[' .repeat(5000)]) {
      expect(() => parseJsonWithLocation(t, 'x')).not.toThrow();
    }
  });
});

describe('the fallback scanner agrees with V8 where V8 reports a position', () => {
  const broken = [
    '{"a":1,}',
    '{"a" 1}',
    '[1,2',
    '{"a":"\n"}',
    '{"a":1}x',
    '"abc',
    '{a:1}',
    '[01]',
    '[-01]',
    '[1.]',
    '[-]',
    '["\\x"]',
    '["\\u12"]',
    '[1e]',
    '[1e+]',
    '{"a":1',
    '{"a"',
    '{',
    '{"a":[1,2}',
    '["\t"]',
    '{"a":1}\n// x',
    '{,}',
    '{"a":1\n"b":2}',
  ];
  for (const text of broken) {
    it(JSON.stringify(text), () => {
      let v8: number | null = null;
      try {
        JSON.parse(text);
      } catch (e) {
        const m = /at position (\d+)/.exec((e as Error).message);
        if (m) v8 = Number(m[1]);
      }
      expect(v8).not.toBeNull();
      expect(findJsonSyntaxError(text)?.offset).toBe(v8);
    });
  }

  it('finds no error in valid JSON', () => {
    for (const t of ['{}', '[]', '0', '-0.5e+10', '"\\u00e9\\n"', ' {"a": [true, false, null, {"b": []}]} ']) {
      expect(findJsonSyntaxError(t)).toBeNull();
    }
  });
});

describe('offsetToLineColumn', () => {
  it('is 1-based', () => {
    expect(offsetToLineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(offsetToLineColumn('ab\ncd', 2)).toEqual({ line: 1, column: 3 });
    expect(offsetToLineColumn('ab\ncd', 3)).toEqual({ line: 2, column: 1 });
    expect(offsetToLineColumn('ab\r\ncd', 4)).toEqual({ line: 2, column: 1 });
  });
});

describe('parseJsonPath', () => {
  it('reads the paths validateScenario writes', () => {
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('$.host.interfaces[0].addresses[12].address')).toEqual(['host', 'interfaces', 0, 'addresses', 12, 'address']);
    expect(parseJsonPath('$["bad key"].x')).toEqual(['bad key', 'x']);
    expect(parseJsonPath('$.$schema')).toEqual(['$schema']);
    expect(parseJsonPath('host')).toBeNull();
    expect(parseJsonPath('$[x]')).toBeNull();
  });
});

describe('locateJsonPath', () => {
  const text = [
    '{',
    '  "host": {',
    '    "interfaces": [',
    '      { "name": "eth0", "addresses": ["172.17.0.2/16", "fd00::2/64"] }',
    '    ]',
    '  },',
    '  "query": { "records": [], "bad key": 1, "x": 1, "x": 2 }',
    '}',
  ].join('\n');

  it('finds values', () => {
    expect(locateJsonPath(text, '$')).toEqual({ line: 1, column: 1 });
    expect(locateJsonPath(text, '$.host')).toEqual({ line: 2, column: 11 });
    expect(locateJsonPath(text, '$.host.interfaces[0]')).toEqual({ line: 4, column: 7 });
    expect(locateJsonPath(text, '$.host.interfaces[0].addresses[1]')).toEqual({ line: 4, column: 56 });
    expect(locateJsonPath(text, '$.query.records')).toEqual({ line: 7, column: 25 });
    expect(locateJsonPath(text, '$.query["bad key"]')).toEqual({ line: 7, column: 40 });
  });

  it('finds keys on request', () => {
    expect(locateJsonPath(text, '$.host.interfaces[0].addresses', 'key')).toEqual({ line: 4, column: 25 });
  });

  it('resolves duplicate keys to the last one, like JSON.parse', () => {
    expect(locateJsonPath(text, '$.query.x')).toEqual({ line: 7, column: 56 });
  });

  it('returns null for paths not in the text', () => {
    expect(locateJsonPath(text, '$.host.routes')).toBeNull();
    expect(locateJsonPath(text, '$.host.interfaces[1]')).toBeNull();
    expect(locateJsonPath(text, '$.host[0]')).toBeNull();
    expect(locateJsonPath(text, 'nonsense')).toBeNull();
    expect(locateJsonPath('', '$')).toBeNull();
  });

  it('falls back to the nearest ancestor when asked', () => {
    expect(locateJsonPathOrAncestor(text, '$.host.routes[0].to')).toEqual({ line: 2, column: 11 });
  });

  it('handles escapes in keys and a byte-order mark', () => {
    expect(locateJsonPath('\uFEFF{"a\\"b": 1}', '$["a\\"b"]')).toEqual({ line: 1, column: 10 });
  });

  it('still locates what precedes a syntax error', () => {
    const broken = '{\n  "host": {"interfaces": []},\n  "query": {"records": [1,]}\n}';
    expect(locateJsonPath(broken, '$.host.interfaces')).toEqual({ line: 2, column: 26 });
    expect(locateJsonPath(broken, '$.query.records[0]')).toEqual({ line: 3, column: 25 });
  });
});
