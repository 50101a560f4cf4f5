// `gaiconf generate` and `gaiconf dockerfile patch` as real processes: exact stdout bytes, stderr
// for warnings, exit codes. The runner registers the commands the way main.ts will.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerfileRun, heredocRun, MANAGED_MARKER, shellSnippet } from '../../src/emit/dockerfile.js';
import { renderIntents, renderRowsOnly } from '../../src/emit/gai-conf.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { buildkitInstructions, itWith, runShell, tempDir } from '../emit/helpers.js';
import { RAILS, RAILS_ALPINE } from '../emit/fixtures/rails-dockerfile.js';

const RUNNER = new URL('../emit/fixtures/cli-runner.ts', import.meta.url).pathname;

function gaiconf(args: string[], input?: Uint8Array | string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', RUNNER, ...args], { input, env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

const ULA = renderIntents(['ula-as-global']).text;
/** The rows only: what the Dockerfile formats write by default (--comments brief). */
const ULA_ROWS = renderRowsOnly(renderIntents(['ula-as-global']).policy);
/** A hand-written gai.conf with everything that trips quoting: CRLF, tabs, %, quotes, non-UTF-8. */
const WEIRD = Buffer.concat([
  Buffer.from("# h\u00e9 \u4e2d \u{1f600} 100% '\"' $HOME `id` \\n\r\nprecedence\t::ffff:0:0/96  100\r\n-x\n#", 'utf8'),
  Buffer.from([0xff, 0xfe]),
  Buffer.from(' end', 'utf8'),
]);

describe('gaiconf generate', () => {
  it('prints only the gai.conf for the intents on stdout (pipes cleanly), nothing on stderr', () => {
    const r = gaiconf(['generate', '--intent', 'ula-as-global']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.toString('utf8')).toBe(ULA);
    expect(r.stdout.toString('utf8')).toBe(readFileSync(new URL('../../policies/ula-as-global.conf', import.meta.url), 'utf8'));
  });

  it('--format dockerfile|heredoc|shell print exactly the emitted block', () => {
    expect(gaiconf(['generate', '--intent', 'ula-as-global', '--format', 'dockerfile', '--comments', 'full']).stdout.toString('utf8')).toBe(dockerfileRun(ULA));
    expect(gaiconf(['generate', '--intent', 'ula-as-global', '--format', 'heredoc', '--comments', 'full']).stdout.toString('utf8')).toBe(heredocRun(ULA));
    // brief by default for the Dockerfile formats: the rows, and one comment line to regenerate them
    const comment = 'intents ula-as-global; regenerate: gaiconf generate --intent ula-as-global --format dockerfile';
    expect(gaiconf(['generate', '--intent', 'ula-as-global', '--format', 'dockerfile']).stdout.toString('utf8')).toBe(dockerfileRun(ULA_ROWS, { comment }));
    expect(gaiconf(['generate', '--intent', 'ula-as-global', '--format', 'dockerfile', '--comments', 'none']).stdout.toString('utf8')).toBe(dockerfileRun(ULA_ROWS));
    expect(gaiconf(['generate', '--intent', 'ula-as-global', '--format', 'shell', '--target', '/tmp/x.conf']).stdout.toString('utf8')).toBe(shellSnippet(ULA, { target: '/tmp/x.conf' }));
  });

  it('--from - converts any bytes byte for byte (conf and copy print the file itself)', () => {
    const conf = gaiconf(['generate', '--from', '-'], WEIRD);
    expect(conf.status).toBe(0);
    expect(Buffer.compare(conf.stdout, WEIRD)).toBe(0);
    expect(conf.stderr).toMatch(/input line \d+: error: "-x" is not a gai.conf keyword/);
    const copy = gaiconf(['generate', '--from', '-', '--format', 'copy'], WEIRD);
    expect(Buffer.compare(copy.stdout, WEIRD)).toBe(0);
    expect(copy.stderr).toContain(`${MANAGED_MARKER}\nCOPY gai.conf /etc/gai.conf\n`);
  });

  itWith(['dash', 'busybox'], '--from FILE --format dockerfile|shell: the output, run by dash and busybox, writes the same bytes', () => {
    const { dir, cleanup } = tempDir();
    try {
      const src = join(dir, 'in.conf');
      writeFileSync(src, WEIRD);
      const target = join(dir, 'out.conf');
      const block = gaiconf(['generate', '--from', src, '--format', 'dockerfile', '--target', target]).stdout.toString('utf8');
      const shell = gaiconf(['generate', '--from', src, '--format', 'shell', '--target', target]).stdout.toString('utf8');
      for (const script of [buildkitInstructions(`FROM x\n${block}`)[1]!.script, shell]) {
        for (const sh of ['dash', 'busybox'] as const) {
          writeFileSync(target, 'stale');
          expect(runShell(sh, script, dir).status).toBe(0);
          expect(Buffer.compare(readFileSync(target), WEIRD)).toBe(0);
        }
      }
      // heredoc cannot carry bytes that are not UTF-8: a clear error, exit 2, nothing on stdout
      const h = gaiconf(['generate', '--from', src, '--format', 'heredoc']);
      expect(h.status).toBe(EXIT.BAD_INPUT);
      expect(h.stdout.length).toBe(0);
      expect(h.stderr).toMatch(/not valid UTF-8[\s\S]*hint: use --format dockerfile/);
    } finally {
      cleanup();
    }
  });

  it('warns about musl and static base images on stderr only; stdout stays the same', () => {
    const plain = gaiconf(['generate', '--intent', 'ula-as-global', '--format', 'dockerfile']);
    const alpine = gaiconf(['generate', '--intent', 'ula-as-global', '--format', 'dockerfile', '--base', 'node:20-alpine']);
    expect(alpine.status).toBe(0);
    expect(Buffer.compare(alpine.stdout, plain.stdout)).toBe(0);
    expect(alpine.stderr).toMatch(/^gaiconf: warning: node:20-alpine is musl-based: musl ignores \/etc\/gai.conf/);
    const { dir, cleanup } = tempDir();
    try {
      const df = join(dir, 'Dockerfile');
      writeFileSync(df, 'FROM golang:1.22 AS build\nRUN go build\nFROM scratch\nCOPY --from=build /app /app\n');
      const r = gaiconf(['generate', '--intent', 'prefer-ipv4', '--dockerfile', df]);
      expect(r.stderr).toMatch(/scratch has no libc and no shell/);
      expect(r.stdout.toString('utf8')).toBe(renderIntents(['prefer-ipv4']).text);
    } finally {
      cleanup();
    }
  });

  it('--json prints { schemaVersion, format, text, intents, warnings }', () => {
    const r = gaiconf(['generate', '--intent', 'prefer-ipv4', '--intent', 'avoid 198.51.100.0/24', '--format', 'dockerfile', '--base', 'alpine', '--json', '--comments', 'full']);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout.toString('utf8'));
    expect(j).toMatchObject({ schemaVersion: 1, format: 'dockerfile', intents: ['prefer-ipv4', 'avoid 198.51.100.0/24'] });
    expect(j.text).toBe(dockerfileRun(renderIntents(['prefer-ipv4', 'avoid 198.51.100.0/24']).text));
    expect(j.warnings).toEqual([expect.stringMatching(/musl/)]);
  });

  it.each([
    [['generate', '--intent', 'prefr-ipv4'], /unknown intent "prefr-ipv4"\n  hint: did you mean "prefer-ipv4"/],
    [['generate', '--intent', 'prefer 198.51.100.7/24'], /bits set after \/24\n  hint: did you mean 198\.51\.100\.0\/24\?/],
    [['generate', '--intent', 'prefer-ipv4', '--intent', 'prefer-ipv6'], /contradict/],
    [['generate'], /nothing to generate[\s\S]*hint: intents:/],
    [['generate', '--intent', 'rfc6724', '--format', 'yaml'], /--format yaml: unknown format\n  hint: use one of conf, dockerfile, heredoc, copy, shell/],
    [['generate', '--from', '/nonexistent/gai.conf'], /cannot read: ENOENT/],
    [['generate', '--intent', 'rfc6724', '--from', '-'], /--intent and --from both/],
  ])('%j exits 2 with a hint and prints nothing on stdout', (args, message) => {
    const r = gaiconf(args, '');
    expect(r.status).toBe(EXIT.BAD_INPUT);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toMatch(message);
  });
});

describe('gaiconf dockerfile patch', () => {
  it('prints a unified diff, rewrites atomically with a .bak, and is idempotent; --dry-run only prints', () => {
    const { dir, cleanup } = tempDir();
    try {
      const df = join(dir, 'Dockerfile');
      // CRLF and a byte that is not UTF-8: both must survive
      const original = Buffer.concat([Buffer.from('FROM golang:1.22 AS build\r\nRUN go build\r\nFROM debian:12-slim\r\n# caf'), Buffer.from([0xe9]), Buffer.from('\r\nCMD ["/app"]\r\n')]);
      writeFileSync(df, original);
      const dry = gaiconf(['dockerfile', 'patch', df, '--intent', 'ula-as-global', '--dry-run']);
      expect(dry.status).toBe(0);
      expect(dry.stdout.toString('latin1')).toMatch(new RegExp(`^--- ${df}\\n\\+\\+\\+ ${df}\\n@@ -1,5 \\+1,\\d+ @@\\n`));
      expect(dry.stdout.toString('latin1')).toContain(`+${MANAGED_MARKER}\r\n`);
      expect(Buffer.compare(readFileSync(df), original)).toBe(0);
      expect(existsSync(`${df}.bak`)).toBe(false);

      const real = gaiconf(['dockerfile', 'patch', df, '--intent', 'ula-as-global']);
      expect(real.status).toBe(0);
      expect(Buffer.compare(real.stdout, dry.stdout)).toBe(0);
      expect(real.stderr).toMatch(/wrote .*Dockerfile \(previous version: .*Dockerfile\.bak\)/);
      expect(Buffer.compare(readFileSync(`${df}.bak`), original)).toBe(0);
      const patched = readFileSync(df);
      const comment = 'intents ula-as-global; regenerate: gaiconf dockerfile patch --intent ula-as-global Dockerfile';
      const block = Buffer.from(dockerfileRun(ULA_ROWS, { comment }).replace(/\n/g, '\r\n'));
      const at = patched.indexOf(block);
      expect(at).toBe(original.indexOf('# caf'));
      expect(Buffer.compare(Buffer.concat([patched.subarray(0, at), patched.subarray(at + block.length)]), original)).toBe(0);

      const again = gaiconf(['dockerfile', 'patch', df, '--intent', 'ula-as-global']);
      expect(again.status).toBe(0);
      expect(again.stdout.length).toBe(0);
      expect(again.stderr).toMatch(/nothing to change/);
      expect(Buffer.compare(readFileSync(df), patched)).toBe(0);
    } finally {
      cleanup();
    }
  });

  it("Rails' generated Dockerfile: resolved through its ARG and `FROM base`; the Alpine variant warns, the slim one does not", () => {
    const { dir, cleanup } = tempDir();
    try {
      for (const [text, warns] of [[RAILS, false], [RAILS_ALPINE, true]] as const) {
        const df = join(dir, 'Dockerfile');
        writeFileSync(df, text);
        const r = gaiconf(['dockerfile', 'patch', df, '--intent', 'ula-as-global']);
        expect(r.status).toBe(0);
        if (warns) expect(r.stderr).toMatch(/^gaiconf: warning: docker\.io\/library\/ruby:3\.3\.5-alpine is musl-based/);
        else expect(r.stderr).not.toMatch(/warning/);
        // the block goes after the final `FROM base`, before Rails' own `USER 1000:1000`: no wrapping needed
        const kinds = buildkitInstructions(readFileSync(df, 'utf8')).map((i) => i.keyword);
        expect(kinds.slice(kinds.lastIndexOf('FROM'), kinds.lastIndexOf('FROM') + 4)).toEqual(['FROM', 'RUN', 'COPY', 'RUN']);
        const g = gaiconf(['generate', '--intent', 'ula-as-global', '--dockerfile', df]);
        expect(/musl-based/.test(g.stderr)).toBe(warns);
      }
    } finally {
      cleanup();
    }
  });

  it('a final stage that inherits a non-root USER gets USER root before the block and its user back after it', () => {
    const { dir, cleanup } = tempDir();
    try {
      const df = join(dir, 'Dockerfile');
      writeFileSync(df, 'FROM debian:12 AS base\nUSER 1000:1000\nFROM base\nCMD ["x"]\n');
      expect(gaiconf(['dockerfile', 'patch', df, '--intent', 'prefer-ipv4']).status).toBe(0);
      expect(buildkitInstructions(readFileSync(df, 'utf8')).map((i) => `${i.keyword}${i.keyword === 'USER' ? ` ${i.args}` : ''}`)).toEqual(['FROM', 'USER 1000:1000', 'FROM', 'USER root', 'RUN', 'USER 1000:1000', 'CMD']);
      const g = gaiconf(['generate', '--intent', 'prefer-ipv4', '--format', 'heredoc', '--dockerfile', df]);
      expect(g.stdout.toString('utf8')).toMatch(/^USER root\nRUN cat[\s\S]*\nUSER 1000:1000\n$/m);
    } finally {
      cleanup();
    }
  });

  it('warns when the final stage is musl-based, and rejects a bad intent with exit 2', () => {
    const { dir, cleanup } = tempDir();
    try {
      const df = join(dir, 'Dockerfile');
      writeFileSync(df, 'FROM alpine:3.20\nRUN true\n');
      const r = gaiconf(['dockerfile', 'patch', df, '--intent', 'prefer-ipv4', '--dry-run']);
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/alpine:3.20 is musl-based/);
      const bad = gaiconf(['dockerfile', 'patch', df, '--intent', 'nope']);
      expect(bad.status).toBe(EXIT.BAD_INPUT);
      expect(bad.stderr).toMatch(/hint: /);
      expect(readFileSync(df, 'utf8')).toBe('FROM alpine:3.20\nRUN true\n');
    } finally {
      cleanup();
    }
  });
});
