// Fuzz: emitted snippets for seeded contents (any byte but NUL, a byte-order mark, CRLF, long
// lines, shell and printf metacharacters) and seeded targets (blanks, quotes, $, backquotes, a
// leading -, non-ASCII). Invariants: the dockerfile and heredoc blocks stay ONE RUN instruction
// after the FROM (dockerfile-ast and the BuildKit model agree), with `\` or a backquote as the
// escape character; run under dash and under busybox sh, the dockerfile, heredoc and shell
// outputs write exactly the content's bytes to the target; a target with CR, LF or NUL is refused.
// Under CI=true a missing dash or busybox fails the suite (itWith).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmitError, emitFormat, parseDockerfile } from '../../src/emit/dockerfile.js';
import { arbitraryText, buildkitInstructions, itWith, readBytes, runShell, tempDir } from '../emit/helpers.js';
import { budget, fuzzSeeds, replay } from '../support/fuzz.js';
import { prng } from '../support/prng.js';

const SUITE = 'emit';
const CASES = 12;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function content(r: () => number): Buffer {
  const parts: Buffer[] = [];
  if (r() < 0.15) parts.push(Buffer.from([0xef, 0xbb, 0xbf]));
  parts.push(Buffer.from(arbitraryText(r), 'utf8'));
  if (r() < 0.3) parts.push(Buffer.from(Array.from({ length: Math.floor(r() * 40) }, () => 1 + Math.floor(r() * 255))));
  if (r() < 0.2) parts.push(Buffer.from(`# ${'long '.repeat(300)}\n`));
  return Buffer.concat(parts);
}

function target(r: () => number): string {
  const pieces = ['gai.conf', 'a b', "it's", '"q"', '$HOME', '`id`', '-x', '--y', 'é', '#h', 'x\\', '%s', '(', ')', '&', ';', '*', '~'];
  let t = Array.from({ length: 1 + Math.floor(r() * 3) }, () => pieces[Math.floor(r() * pieces.length)]).join('');
  if (t === '-' || t === '.' || t === '..') t = 'f';
  return t;
}

describe('fuzz: emitted snippets', () => {
  for (const { seed, fresh } of fuzzSeeds(SUITE)) {
    itWith(['dash', 'busybox'], `seed ${seed}${fresh ? ' (fresh)' : ''}: one instruction, exact bytes under dash and busybox`, () => {
      const r = prng(seed);
      const { dir, cleanup } = tempDir();
      const more = budget(8000);
      try {
        for (let i = 0; i < CASES && more(); i++) {
          const where = replay(SUITE, seed, i);
          const bytes = content(r);
          const file = target(r);
          const escapeChar = r() < 0.3 ? '`' : '\\';
          const utf8 = (() => {
            try {
              strictUtf8.decode(bytes);
              return true;
            } catch {
              return false;
            }
          })();
          for (const format of ['dockerfile', 'heredoc', 'shell'] as const) {
            if (format === 'heredoc' && !utf8) {
              expect(() => emitFormat(format, bytes, { target: file }), where).toThrow(EmitError);
              continue;
            }
            const out = emitFormat(format, bytes, { target: file, escapeChar });
            let script = Buffer.from(out.bytes).toString('utf8');
            if (format !== 'shell') {
              const df = `${escapeChar === '`' ? '# escape=`\n' : ''}FROM debian\n${out.dockerfile}`;
              const model = buildkitInstructions(df, escapeChar);
              expect(model.map((x) => x.keyword), `${where} ${format}`).toEqual(['FROM', 'RUN']);
              expect(parseDockerfile(df).getInstructions().map((x) => x.getKeyword()), `${where} ${format}`).toEqual(['FROM', 'RUN']);
              script = model[1]!.script;
            }
            for (const shell of ['dash', 'busybox'] as const) {
              const run = runShell(shell, script, dir);
              const path = join(dir, file);
              expect(run.status, `${where} ${format}/${shell} target ${JSON.stringify(file)}: ${run.stderr}`).toBe(0);
              expect(readBytes(path).equals(bytes), `${where} ${format}/${shell} target ${JSON.stringify(file)}`).toBe(true);
              runShell('dash', `rm -f -- "$1"`.replace('"$1"', `'${path.replace(/'/g, `'\\''`)}'`));
            }
          }
        }
      } finally {
        cleanup();
      }
    }, 60_000);

    it(`seed ${seed}${fresh ? ' (fresh)' : ''}: a target with CR, LF or NUL is refused`, () => {
      const r = prng(seed ^ 0x7a6);
      for (let i = 0; i < 20; i++) {
        const t = target(r);
        const at = Math.floor(r() * (t.length + 1));
        const bad = t.slice(0, at) + ['\n', '\r', '\0', '\r\nRUN id'][Math.floor(r() * 4)] + t.slice(at);
        for (const format of ['dockerfile', 'heredoc', 'copy', 'shell'] as const) {
          expect(() => emitFormat(format, 'label ::1/128 0\n', { target: bad }), `${replay(SUITE, seed, i)} ${format} ${JSON.stringify(bad)}`).toThrow(EmitError);
        }
      }
    });
  }
});
