import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { finalStage } from '../../src/emit/dockerfile-stages.js';
import { describe, expect, it } from 'vitest';
import { DockerfileParser } from 'dockerfile-ast';
import {
  baseImageWarning,
  copyInstruction,
  DEFAULT_TARGET,
  dockerfileRun,
  emitFormat,
  EmitError,
  heredocDelimiter,
  heredocRun,
  MANAGED_MARKER,
  printfCommand,
  shellSnippet,
  dockerfileEscapeChar,
} from '../../src/emit/dockerfile.js';
import { renderIntents } from '../../src/emit/gai-conf.js';
import { generateOutput } from '../../src/cli/commands/generate.js';
import { arbitraryText, buildkitInstructions, itWith, prng, readBytes, runShell, shellcheck, tempDir } from './helpers.js';

const SAMPLE = renderIntents(['ula-as-global']).text;
const NASTY = "# t\u00e9st \u4e2d \u{1f600} %s %% 'q' \"d\" $HOME `id` \\ \\n\r\n\tprecedence ::ffff:0:0/96 100 # x\n  # indented\n-dash\n#end";
const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** The RUN instruction of a generated block, via dockerfile-ast. */
function astRun(block: string) {
  const df = DockerfileParser.parse(`FROM debian:bookworm-slim\n${block}`);
  const runs = df.getInstructions().filter((i) => i.getKeyword() === 'RUN');
  expect(runs).toHaveLength(1);
  const comments = df.getComments().map((c) => c.getContent());
  return { run: runs[0]!, comments };
}

describe('dockerfile format', () => {
  it('is one managed RUN printf that writes the whole file with >, in plain ASCII', () => {
    const block = dockerfileRun(NASTY);
    expect(block.startsWith(`${MANAGED_MARKER}\nRUN printf '`)).toBe(true);
    expect(block.endsWith(`' > /etc/gai.conf\n`)).toBe(true);
    expect(block).not.toContain('>>');
    // eslint-disable-next-line no-control-regex
    expect(block).toMatch(/^[\x20-\x7e\n]*$/);
    expect(buildkitInstructions(`FROM x\n${block}`).filter((i) => i.keyword === 'RUN')).toHaveLength(1);
  });

  it('parses with dockerfile-ast: marker comment, one RUN, printf > target as arguments', () => {
    for (const content of [SAMPLE, NASTY, '', 'x', '-x\n', '#a\n#b\n', ' lead\n\ttab\n']) {
      const block = dockerfileRun(content);
      const { run, comments } = astRun(block);
      expect(comments[0]).toBe(MANAGED_MARKER.replace(/^# /, ''));
      const args = run.getArguments().map((a) => a.getValue());
      expect(args[0]).toBe('printf');
      expect(args.slice(-2)).toEqual(['>', DEFAULT_TARGET]);
      // joined the way BuildKit joins continuation lines, the raw arguments are exactly the command
      const raw = run.getRawArgumentsContent()!;
      const joined = raw.split('\n').map((l, k, all) => (k < all.length - 1 ? l.replace(/\\$/, '') : l)).join('');
      expect(joined).toBe(printfCommand(content));
      expect(buildkitInstructions(`FROM x\n${block}`)[1]!.script).toBe(printfCommand(content));
    }
  });

  it('never starts a continuation line with a blank or # (BuildKit would drop it)', () => {
    const block = dockerfileRun('a\n b\n\tc\n#d\n  # e\n\n\n');
    const lines = block.split('\n').slice(2, -1);
    for (const l of lines) expect(l).toMatch(/^[^ \t#]/);
    expect(lines.length).toBeGreaterThan(3);
  });

  it('splits very long lines, never right after a backslash or backtick', () => {
    const content = `${'\\`%é'.repeat(3000)}\n`;
    const block = dockerfileRun(content, { maxLineLength: 100 });
    const physical = block.split('\n');
    expect(Math.max(...physical.map((l) => l.length))).toBeLessThan(200);
    for (const l of physical.slice(1, -2)) expect(l).toMatch(/[^\\`]\\$/);
    expect(buildkitInstructions(`FROM x\n${block}`)[1]!.script).toBe(printfCommand(content));
  });

  it('uses the backtick for continuations in a Dockerfile with # escape=`', () => {
    const block = dockerfileRun('a\nb\n', { escapeChar: '`' });
    expect(block).toContain("a\\n`\nb\\n' > /etc/gai.conf");
    const df = `# escape=\`\nFROM x\n${block}`;
    expect(dockerfileEscapeChar(df)).toBe('`');
    expect(buildkitInstructions(df, '`')[1]!.script).toBe(printfCommand('a\nb\n'));
  });

  it('rejects NUL with a hint', () => {
    expect(() => dockerfileRun('a\0b')).toThrow(EmitError);
    expect(() => heredocRun('a\0b')).toThrow(/NUL/);
    expect(() => shellSnippet(new Uint8Array([0x61, 0]))).toThrow(EmitError);
  });

  itWith(['shellcheck'], 'the RUN body passes shellcheck -s sh', () => {
    const bodies = [SAMPLE, NASTY, '', '-x', "'"].map((c) => buildkitInstructions(`FROM x\n${dockerfileRun(c)}`)[1]!.script);
    expect(shellcheck(`${bodies.join('\n')}\n`)).toBe('');
  });

  itWith(['dash', 'busybox'], 'the RUN body run by dash and busybox sh writes the file byte for byte', () => {
    const { dir, cleanup } = tempDir();
    try {
      for (const content of [SAMPLE, NASTY, '', '-', '%', '\\', "'", '\u{1f600}\n', 'no newline']) {
        for (const shell of ['dash', 'busybox'] as const) {
          const target = join(dir, `gai-${shell}.conf`);
          const body = buildkitInstructions(`FROM x\n${dockerfileRun(content, { target })}`)[1]!.script;
          const r = runShell(shell, body, dir);
          expect(r.stderr).toBe('');
          expect(r.status).toBe(0);
          expect(readBytes(target).equals(utf8(content))).toBe(true);
        }
      }
    } finally {
      cleanup();
    }
  });
});

describe('heredoc format', () => {
  it('says it needs BuildKit and uses a delimiter absent from the content', () => {
    const block = heredocRun(SAMPLE);
    expect(block).toContain('# syntax=docker/dockerfile:1');
    expect(block.split('\n')[0]).toBe(MANAGED_MARKER);
    expect(block).toContain("RUN cat > /etc/gai.conf <<'GAICONF_EOF'\n");
    expect(heredocDelimiter('x GAICONF_EOF y GAICONF_EOF_1')).toBe('GAICONF_EOF_2');
    const { run } = astRun(heredocRun('GAICONF_EOF\n'));
    expect(run.getRawArgumentsContent()).toContain("<<'GAICONF_EOF_1'");
  });

  it('refuses bytes that are not UTF-8, naming the format that can carry them', () => {
    expect(() => heredocRun(new Uint8Array([0x23, 0xff, 0x0a]))).toThrow(/not valid UTF-8/);
    try {
      heredocRun(new Uint8Array([0x23, 0xff, 0x0a]));
    } catch (e) {
      expect((e as EmitError).hint).toMatch(/--format dockerfile/);
    }
  });

  itWith(['dash', 'busybox'], 'the script BuildKit builds from it, run by dash and busybox, writes the file byte for byte', () => {
    const { dir, cleanup } = tempDir();
    try {
      for (const content of [SAMPLE, NASTY, '', 'no newline', 'GAICONF_EOF\n', 'a\r\nGAICONF_EOF\r\n']) {
        for (const shell of ['dash', 'busybox'] as const) {
          const target = join(dir, `h-${shell}.conf`);
          const [, run] = buildkitInstructions(`FROM x\n${heredocRun(content, { target })}`);
          expect(run!.keyword).toBe('RUN');
          const r = runShell(shell, run!.script, dir);
          expect(r.stderr).toBe('');
          expect(readBytes(target).equals(utf8(content))).toBe(true);
        }
      }
    } finally {
      cleanup();
    }
  });
});

describe('shell and copy formats', () => {
  it('copy: the file unchanged plus a managed COPY line', () => {
    const out = emitFormat('copy', NASTY);
    expect(Buffer.from(out.bytes).equals(utf8(NASTY))).toBe(true);
    expect(out.dockerfile).toBe(`${MANAGED_MARKER}\nCOPY gai.conf /etc/gai.conf\n`);
    expect(copyInstruction({ copySource: 'my conf' })).toContain('COPY ["my conf","/etc/gai.conf"]');
  });

  itWith(['shellcheck'], 'shell: passes shellcheck -s sh', () => {
    expect(shellcheck(shellSnippet(NASTY))).toBe('');
    expect(shellcheck(shellSnippet(SAMPLE, { target: '/tmp/a b/gai.conf' }))).toBe('');
  });

  itWith(['dash', 'busybox'], 'shell: replaces the file atomically (temp in the same dir, mv) and leaves no temp file', () => {
    const { dir, cleanup } = tempDir();
    try {
      for (const shell of ['dash', 'busybox'] as const) {
        const target = join(dir, `s-${shell}.conf`);
        for (const content of ['old\n', NASTY, SAMPLE]) {
          const r = runShell(shell, shellSnippet(content, { target }), dir);
          expect(r.stderr).toBe('');
          expect(r.status).toBe(0);
          expect(readBytes(target).equals(utf8(content))).toBe(true);
        }
      }
      const left = runShell('dash', `ls -A ${dir}`).stdout.toString();
      expect(left.split('\n').filter(Boolean).sort()).toEqual(['s-busybox.conf', 's-dash.conf']);
    } finally {
      cleanup();
    }
  });
});

describe('arbitrary content through generate --from (seeded, 240 cases)', () => {
  itWith(['dash', 'busybox'], 'dockerfile, heredoc and shell outputs write exactly the input bytes under dash and busybox', () => {
    const rand = prng(0x6a1c0f);
    const { dir, cleanup } = tempDir();
    try {
      for (let n = 0; n < 240; n++) {
        const text = arbitraryText(rand);
        const bytes = utf8(text);
        const target = join(dir, `p${n}.conf`);
        const runOf = (format: 'dockerfile' | 'heredoc') => {
          const out = generateOutput({ from: bytes, format, target });
          const instr = buildkitInstructions(`FROM debian\n${Buffer.from(out.bytes).toString('utf8')}`);
          expect(instr.map((i) => i.keyword)).toEqual(['FROM', 'RUN']);
          return instr[1]!.script;
        };
        const scripts = {
          dockerfile: runOf('dockerfile'),
          heredoc: runOf('heredoc'),
          shell: Buffer.from(generateOutput({ from: bytes, format: 'shell', target }).bytes).toString('utf8'),
        };
        for (const [format, script] of Object.entries(scripts)) {
          for (const shell of ['dash', 'busybox'] as const) {
            const r = runShell(shell, script, dir);
            const got = readBytes(target);
            if (!got.equals(bytes) || r.status !== 0) {
              throw new Error(`case ${n} ${format}/${shell}: status ${r.status} ${r.stderr}\ninput  ${JSON.stringify(text)}\noutput ${JSON.stringify(got.toString('utf8'))}`);
            }
            rmSync(target, { force: true });
          }
        }
      }
    } finally {
      cleanup();
    }
  }, 120_000);

  itWith(['shellcheck'], 'the RUN bodies and shell snippets of 60 arbitrary inputs pass shellcheck -s sh', () => {
    const rand = prng(0x5eed);
    const scripts: string[] = [];
    for (let n = 0; n < 60; n++) {
      const bytes = utf8(arbitraryText(rand));
      const block = Buffer.from(generateOutput({ from: bytes, format: 'dockerfile' }).bytes).toString('utf8');
      scripts.push(buildkitInstructions(`FROM x\n${block}`)[1]!.script);
      scripts.push(Buffer.from(generateOutput({ from: bytes, format: 'shell' }).bytes).toString('utf8'));
    }
    expect(shellcheck(`${scripts.join('\n')}\n`)).toBe('');
  });
});

describe('baseImageWarning', () => {
  it.each([
    ['alpine', /musl/],
    ['alpine:3.20', /musl/],
    ['docker.io/library/alpine:latest', /musl/],
    ['node:20-alpine', /musl/],
    ['python:3.12-alpine3.19', /musl/],
    ['golang:1.22-alpine@sha256:abcd', /musl/],
    ['ghcr.io/example/app:1.0-musl', /musl/],
    ['busybox:musl', /musl/],
    ['busybox:uclibc', /uClibc/],
    ['busybox', /glibc build/],
    ['scratch', /no libc and no shell/],
    ['gcr.io/distroless/static-debian12', /no libc/],
    ['gcr.io/distroless/static:nonroot', /no libc/],
    ['cgr.dev/chainguard/static', /no libc/],
    ['gcr.io/distroless/base-debian12', /no shell/],
  ])('%s', (image, re) => {
    const w = baseImageWarning(image);
    expect(w).toMatch(re);
  });

  it('says what works instead', () => {
    expect(baseImageWarning('alpine')).toMatch(/global IPv6 address/);
    expect(baseImageWarning('alpine')).toMatch(/debian:bookworm-slim/);
    expect(baseImageWarning('scratch')).toMatch(/GODEBUG=netdns=cgo/);
  });

  it.each(['debian:bookworm-slim', 'ubuntu:24.04', 'busybox:glibc', 'cgr.dev/chainguard/wolfi-base', 'node:20-slim', '${BASE}', 'gcr.io/distroless/base-debian12:debug'])('no warning for %s', (image) => {
    expect(baseImageWarning(image)).toBeNull();
  });

  it('distroless without a shell is fine for the copy format', () => {
    expect(baseImageWarning('gcr.io/distroless/base-debian12', 'copy')).toBeNull();
    expect(baseImageWarning('gcr.io/distroless/base-debian12', 'dockerfile')).toMatch(/--format copy/);
  });
});

describe('the final stage base (finalStage), on the shapes the old finalFrom was held to', () => {
  it('follows stage aliases case-insensitively, skips --platform, reads continuation lines, expands ARGs', () => {
    const image = (t: string) => finalStage(t).base?.image ?? null;
    expect(image('FROM debian:12\n')).toBe('debian:12');
    expect(image('FROM golang:1.22 AS build\nRUN go build\nFROM alpine:3.20\nCOPY --from=build /x /x\n')).toBe('alpine:3.20');
    expect(image('FROM node:20-alpine AS base\nFROM base AS deps\nFROM deps\n')).toBe('node:20-alpine');
    expect(image('FROM node:20 as Base\nfrom BASE\n')).toBe('node:20');
    expect(image('ARG BASE=debian\nFROM ${BASE}\n')).toBe('debian');
    expect(image('FROM --platform=$BUILDPLATFORM debian:12 AS b\nFROM b\n')).toBe('debian:12');
    expect(image('FROM \\\n  alpine:3.20\n')).toBe('alpine:3.20');
    expect(finalStage('# nothing\n').base).toBeNull();
  });
});
