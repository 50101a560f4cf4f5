import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyInstruction, dockerfileRun, EmitError, heredocRun, MANAGED_MARKER, parseDockerfile } from '../../src/emit/dockerfile.js';
import { patchDockerfile, unifiedDiff } from '../../src/emit/dockerfile-patch.js';
import { renderIntents } from '../../src/emit/gai-conf.js';
import { buildkitInstructions, readBytes, tempDir } from './helpers.js';

const ULA = dockerfileRun(renderIntents(['ula-as-global']).text);
const V4 = dockerfileRun(renderIntents(['prefer-ipv4']).text);

/** The text with the block removed must be the original: every other byte unchanged. */
function withoutBlock(patched: string, block: string): string {
  const at = patched.indexOf(block);
  expect(at).toBeGreaterThanOrEqual(0);
  return patched.slice(0, at) + patched.slice(at + block.length);
}

describe('patchDockerfile', () => {
  it('inserts the block right after the FROM of a single-stage Dockerfile', () => {
    const src = 'FROM debian:bookworm-slim\nRUN apt-get update\nCMD ["app"]\n';
    const { text, changed } = patchDockerfile(src, ULA);
    expect(changed).toBe(true);
    expect(text).toBe(`FROM debian:bookworm-slim\n${ULA}RUN apt-get update\nCMD ["app"]\n`);
    expect(withoutBlock(text, ULA)).toBe(src);
  });

  it('is idempotent: patching twice equals patching once', () => {
    const src = 'FROM debian:12\nRUN true\n';
    const once = patchDockerfile(src, ULA);
    const twice = patchDockerfile(once.text, ULA);
    expect(twice).toEqual({ text: once.text, changed: false });
    expect(once.text.split(MANAGED_MARKER)).toHaveLength(2);
  });

  it('replaces an existing managed block in place, wherever it is in the final stage', () => {
    const src = `FROM debian:12\nRUN apt-get update\n${ULA}USER app\n`;
    const { text, changed } = patchDockerfile(src, V4);
    expect(changed).toBe(true);
    expect(text).toBe(`FROM debian:12\nRUN apt-get update\n${V4}USER app\n`);
    expect(patchDockerfile(text, ULA).text).toBe(src);
  });

  it('multi-stage: inserts after the FINAL FROM only, and leaves blocks of earlier stages alone', () => {
    const src = `FROM golang:1.22 AS build\n${ULA}RUN go build -o /app\n\nFROM debian:12-slim AS run\nCOPY --from=build /app /app\nCMD ["/app"]\n`;
    const { text } = patchDockerfile(src, V4);
    expect(text).toBe(`FROM golang:1.22 AS build\n${ULA}RUN go build -o /app\n\nFROM debian:12-slim AS run\n${V4}COPY --from=build /app /app\nCMD ["/app"]\n`);
    const froms = parseDockerfile(text).getFROMs();
    expect(froms).toHaveLength(2);
    const runs = buildkitInstructions(text);
    expect(runs.map((r) => r.keyword)).toEqual(['FROM', 'RUN', 'RUN', 'FROM', 'RUN', 'COPY', 'CMD']);
  });

  it('goes after the FROM continuation lines', () => {
    const src = 'FROM --platform=linux/amd64 \\\n    debian:12 \\\n    AS final\nRUN true\n';
    const { text } = patchDockerfile(src, ULA);
    expect(text).toBe(`FROM --platform=linux/amd64 \\\n    debian:12 \\\n    AS final\n${ULA}RUN true\n`);
  });

  it('keeps CRLF in a CRLF file, and every other byte', () => {
    const src = '# syntax=docker/dockerfile:1\r\nFROM debian:12\r\n# caf\u00e9 \u4e2d\r\nRUN true\r\n';
    const { text } = patchDockerfile(src, ULA);
    const crlfBlock = ULA.replace(/\n/g, '\r\n');
    expect(text).toBe(`# syntax=docker/dockerfile:1\r\nFROM debian:12\r\n${crlfBlock}# caf\u00e9 \u4e2d\r\nRUN true\r\n`);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(patchDockerfile(text, ULA).changed).toBe(false);
    // BuildKit reads the CRLF block as the same RUN
    expect(buildkitInstructions(text)[1]!.script).toBe(buildkitInstructions(`FROM x\n${ULA}`)[1]!.script);
  });

  it('keeps a heredoc body byte for byte in a CRLF file (only the Dockerfile lines get CRLF)', () => {
    const content = '# a\nlabel ::1/128 0\n';
    const block = heredocRun(content);
    const src = 'FROM debian:12\r\nRUN true\r\n';
    const { text } = patchDockerfile(src, block);
    const run = buildkitInstructions(text)[1]!;
    expect(run.heredocs[0]!.content).toBe(content);
    expect(patchDockerfile(text, block).changed).toBe(false);
    const v4 = patchDockerfile(text, heredocRun('# b\n'));
    expect(buildkitInstructions(v4.text).map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'RUN']);
    expect(buildkitInstructions(v4.text)[1]!.heredocs[0]!.content).toBe('# b\n');
  });

  it('replaces a heredoc block with a RUN printf block and back', () => {
    const src = 'FROM debian:12\nRUN true\n';
    const h = patchDockerfile(src, heredocRun('x\n')).text;
    const d = patchDockerfile(h, ULA).text;
    expect(d).toBe(`FROM debian:12\n${ULA}RUN true\n`);
    expect(patchDockerfile(d, heredocRun('x\n')).text).toBe(h);
  });

  it('a marker whose RUN was deleted by hand is replaced without eating the next instruction', () => {
    const src = `FROM debian:12\n${MANAGED_MARKER}\nRUN apt-get update\n`;
    const { text } = patchDockerfile(src, ULA);
    expect(text).toBe(`FROM debian:12\n${ULA}RUN apt-get update\n`);
  });

  it('removes duplicate managed blocks in the final stage (one block, one file)', () => {
    const src = `FROM debian:12\n${ULA}RUN true\n${ULA}`;
    expect(patchDockerfile(src, V4).text).toBe(`FROM debian:12\n${V4}RUN true\n`);
  });

  it('handles a file that ends in the FROM line without a newline, and a COPY block', () => {
    expect(patchDockerfile('FROM debian:12', ULA).text).toBe(`FROM debian:12\n${ULA}`);
    const copy = copyInstruction();
    const once = patchDockerfile('FROM debian:12\nRUN true', copy).text;
    expect(once).toBe(`FROM debian:12\n${copy}RUN true`);
    expect(patchDockerfile(once, copy).changed).toBe(false);
  });

  it('throws a typed error without FROM', () => {
    expect(() => patchDockerfile('RUN true\n', ULA)).toThrow(EmitError);
  });
});

describe('unifiedDiff', () => {
  it('is empty for equal texts and marks a missing final newline', () => {
    expect(unifiedDiff('a\n', 'a\n', { old: 'a/x', new: 'b/x' })).toBe('');
    expect(unifiedDiff('a', 'b', { old: 'a/x', new: 'b/x' })).toBe('--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n');
  });

  it('applies cleanly with patch(1) when it is installed', () => {
    const src = Array.from({ length: 30 }, (_, i) => `RUN step ${i}\n`).join('');
    const before = `FROM debian:12\n${src}FROM debian:12-slim\n${src}`;
    const after = patchDockerfile(before, ULA).text;
    const diff = unifiedDiff(before, after, { old: 'a/Dockerfile', new: 'b/Dockerfile' });
    expect(diff).toMatch(/^--- a\/Dockerfile\n\+\+\+ b\/Dockerfile\n@@ -30,6 \+30,\d+ @@\n RUN step 28\n/);
    if (spawnSync('sh', ['-c', 'command -v patch']).status !== 0) {
      console.warn('patch(1) not installed: skipping the apply check');
      return;
    }
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, 'Dockerfile'), before);
      const r = spawnSync('patch', ['-p1', '-s'], { cwd: dir, input: diff });
      expect(r.status).toBe(0);
      expect(readBytes(join(dir, 'Dockerfile')).toString('utf8')).toBe(after);
    } finally {
      cleanup();
    }
  });
});
