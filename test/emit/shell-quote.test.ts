import { describe, expect, it } from 'vitest';
import { NulByteError, printfFormatLines, printfFormatLiteral, shQuote, shWord, toBytes } from '../../src/emit/shell-quote.js';
import { itWith, prng, runShell } from './helpers.js';

describe('shQuote / shWord', () => {
  it('single-quotes POSIX style', () => {
    expect(shQuote('')).toBe("''");
    expect(shQuote("it's")).toBe("'it'\\''s'");
    expect(shQuote('$HOME `x` "y" \\')).toBe("'$HOME `x` \"y\" \\'");
    expect(shWord('/etc/gai.conf')).toBe('/etc/gai.conf');
    expect(shWord('prefer-ipv4')).toBe('prefer-ipv4');
    expect(shWord('prefer 2001:db8::/32')).toBe("'prefer 2001:db8::/32'");
    expect(shWord('')).toBe("''");
  });

  itWith(['dash', 'busybox'], 'round-trips arbitrary strings through dash and busybox sh', () => {
    const rand = prng(7);
    const alphabet = ["'", '"', '$', '`', '\\', ' ', '\t', '\n', '*', '?', '!', 'a', 'é', '😀', '%', '#', '~', '{', '}', ';', '&'];
    for (let n = 0; n < 100; n++) {
      let s = '';
      const len = Math.floor(rand() * 12);
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
      for (const shell of ['dash', 'busybox'] as const) {
        const r = runShell(shell, `printf %s ${shQuote(s)}`);
        expect(r.stdout.toString('utf8')).toBe(s);
        const w = runShell(shell, `printf %s ${shWord(s)}`);
        if (s !== '') expect(w.stdout.toString('utf8')).toBe(s);
      }
    }
  });
});

describe('printfFormatLiteral', () => {
  it('escapes %, backslash, newline, quotes, $, backquote, control and non-ASCII bytes', () => {
    expect(printfFormatLiteral('a%b')).toBe('a%%b');
    expect(printfFormatLiteral('%%')).toBe('%%%%');
    expect(printfFormatLiteral('a\\b')).toBe('a\\\\b');
    expect(printfFormatLiteral('a\nb\n')).toBe('a\\nb\\n');
    expect(printfFormatLiteral("it's $x `y`")).toBe('it\\047s \\044x \\140y\\140');
    expect(printfFormatLiteral('\t\r\x7f')).toBe('\\011\\015\\177');
    expect(printfFormatLiteral('é')).toBe('\\303\\251');
    expect(printfFormatLiteral('-x')).toBe('\\055x');
    expect(printfFormatLiteral('x-')).toBe('x-');
    expect(printfFormatLiteral('a\\')).toBe('a\\134');
    expect(printfFormatLiteral('')).toBe('');
    expect(printfFormatLiteral(new Uint8Array([0xff, 0x41]))).toBe('\\377A');
    // printable ASCII other than the specials is kept, and the result is always printable ASCII
    // eslint-disable-next-line no-control-regex
    expect(printfFormatLiteral('\u{1f600}\u4e2d')).toMatch(/^[\x20-\x7e]+$/);
  });

  it('splits into one piece per line, protecting line starts on request', () => {
    expect(printfFormatLines('a\nb\n')).toEqual(['a\\n', 'b\\n']);
    expect(printfFormatLines('a\n#b\n c\n\td', { protectLineStarts: true })).toEqual(['a\\n', '\\043b\\n', '\\040c\\n', '\\011d']);
    expect(printfFormatLines('#a\n', { protectLineStarts: true })).toEqual(['#a\\n']);
    expect(printfFormatLines('')).toEqual(['']);
    expect(printfFormatLines('abcdef', { maxLength: 2 })).toEqual(['ab', 'cd', 'ef']);
    expect(printfFormatLines('a\\\\b', { maxLength: 1 })).toEqual(['a', '\\\\\\\\b']);
  });

  it('rejects NUL', () => {
    expect(() => printfFormatLiteral('a\0')).toThrow(NulByteError);
  });

  itWith(['dash', 'busybox'], 'writes exactly the given bytes (every byte 1..255, seeded random bytes) under dash and busybox printf', () => {
    const every = new Uint8Array(255).map((_, i) => i + 1);
    const rand = prng(42);
    const cases: Uint8Array[] = [every, toBytes('-x'), toBytes('%s%d%b%%\\c\\0\\x41'), toBytes('')];
    for (let n = 0; n < 200; n++) {
      const len = Math.floor(rand() * 40);
      cases.push(Uint8Array.from({ length: len }, () => 1 + Math.floor(rand() * 255)));
    }
    for (const bytes of cases) {
      for (const shell of ['dash', 'busybox'] as const) {
        const r = runShell(shell, `printf ${shQuote(printfFormatLiteral(bytes))}`);
        expect(r.status).toBe(0);
        expect(Buffer.compare(r.stdout, Buffer.from(bytes))).toBe(0);
      }
    }
  }, 60_000);
});
