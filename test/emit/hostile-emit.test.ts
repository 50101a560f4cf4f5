// Emitted text cannot break its container: a target with a line break would start a second
// Dockerfile instruction; a relative target starting with `-` is an option to chmod/mv/rm; a
// leading byte-order mark is content (heredoc), and a Dockerfile may start with one (patch).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { patchDockerfileBytes } from '../../src/cli/commands/dockerfile.js';
import { generateOutput } from '../../src/cli/commands/generate.js';
import { EmitError, emitFormat, parseDockerfile, OUTPUT_FORMATS } from '../../src/emit/dockerfile.js';
import { runCli } from '../cli/run-cli.js';
import { buildkitInstructions, itWith, readBytes, runShell, tempDir } from './helpers.js';

const utf8 = (s: string) => Buffer.from(s, 'utf8');

describe('--target cannot end the instruction', () => {
  for (const bad of ['/etc/x\nRUN rm -rf /', '/etc/x\rRUN id', '/etc/x\0y', '\n']) {
    it(`${JSON.stringify(bad)} is refused by every format that writes a path`, () => {
      for (const format of OUTPUT_FORMATS) {
        if (format === 'conf') continue;
        expect(() => emitFormat(format, 'label ::1/128 0\n', { target: bad }), format).toThrow(EmitError);
      }
      expect(() => emitFormat('copy', 'x\n', { copySource: bad })).toThrow(EmitError);
    });
  }

  it('the CLI says so with exit 2 and writes nothing', () => {
    for (const format of ['dockerfile', 'heredoc', 'copy', 'shell']) {
      const r = runCli(['generate', '--intent', 'prefer-ipv4', '--format', format, '--target', '/etc/gai.conf\nRUN id']);
      expect(r.code, format).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/contains a line break/);
    }
  });

  it('any other target stays one RUN instruction (dockerfile-ast and the BuildKit model)', () => {
    for (const target of ['/etc/gai.conf', '-x', 'a b', "it's", 'x\\', 'x`', '$(id)', '\t/tab', '#x', '/etc/gai.conf #', 'ü']) {
      for (const format of ['dockerfile', 'heredoc', 'copy'] as const) {
        const block = emitFormat(format, 'label ::1/128 0\n', { target }).dockerfile!;
        const df = `FROM debian\n${block}`;
        const ast = parseDockerfile(df).getInstructions().map((i) => i.getKeyword());
        expect(ast, `${format} ${JSON.stringify(target)}`).toEqual(['FROM', format === 'copy' ? 'COPY' : 'RUN']);
        expect(buildkitInstructions(df).map((i) => i.keyword)).toEqual(['FROM', format === 'copy' ? 'COPY' : 'RUN']);
      }
    }
  });
});

describe('targets that look like options', () => {
  itWith(['dash', 'busybox'], 'the shell snippet writes a relative target starting with "-" under dash and busybox', () => {
    const { dir, cleanup } = tempDir();
    try {
      for (const shell of ['dash', 'busybox'] as const) {
        for (const target of ['-x.conf', '--y', '-']) {
          const script = Buffer.from(emitFormat('shell', 'label ::1/128 0\n', { target }).bytes).toString('utf8');
          const r = runShell(shell, script, dir);
          expect(r.stderr, `${shell} ${target}`).toBe('');
          expect(r.status).toBe(0);
          expect(readBytes(join(dir, target)).toString()).toBe('label ::1/128 0\n');
          expect(runShell('dash', `ls -A -- "${dir}" | grep -c gaiconf-tmp || true`).stdout.toString().trim()).toBe('0');
          runShell('dash', `rm -f -- "${join(dir, target)}"`);
        }
      }
    } finally {
      cleanup();
    }
  });
});

describe('a leading UTF-8 byte-order mark', () => {
  const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('# saved by an editor\nlabel ::1/128 0\n')]);

  itWith(['dash', 'busybox'], 'heredoc, dockerfile and shell outputs write it too, byte for byte', () => {
    const { dir, cleanup } = tempDir();
    try {
      const target = join(dir, 'out.conf');
      for (const format of ['heredoc', 'dockerfile', 'shell'] as const) {
        const out = generateOutput({ from: withBom, format, target });
        const text = Buffer.from(out.bytes).toString('utf8');
        const script = format === 'shell' ? text : buildkitInstructions(`FROM debian\n${text}`)[1]!.script;
        for (const shell of ['dash', 'busybox'] as const) {
          const r = runShell(shell, script, dir);
          expect(r.status, `${format}/${shell}: ${r.stderr}`).toBe(0);
          expect(readBytes(target).equals(withBom), `${format}/${shell}`).toBe(true);
        }
      }
    } finally {
      cleanup();
    }
  });

  it('dockerfile patch takes a Dockerfile that starts with one (as BuildKit does) and keeps it', () => {
    const df = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8('FROM debian:bookworm-slim\nRUN true\n')]);
    const out = patchDockerfileBytes('Dockerfile', df, { intents: ['prefer-ipv4'], format: 'dockerfile' });
    expect(out.changed).toBe(true);
    expect([...out.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = out.bytes.subarray(3).toString('utf8');
    expect(parseDockerfile(text).getInstructions().map((i) => i.getKeyword())).toEqual(['FROM', 'RUN', 'RUN']);
    expect(text.startsWith('FROM debian:bookworm-slim\n# gaiconf: managed')).toBe(true);
    // and again: idempotent
    expect(patchDockerfileBytes('Dockerfile', out.bytes, { intents: ['prefer-ipv4'], format: 'dockerfile' }).changed).toBe(false);
  });
});
