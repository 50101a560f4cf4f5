// Real Dockerfiles: the final stage's base image through global ARG defaults and `FROM <stage>`
// chains (Rails' generated Dockerfile first), a warning where it cannot be resolved, the block run
// as root when the stage inherits a non-root USER, and the brief block (rows plus one comment
// line) reading exactly as the full file does.
import { describe, expect, it } from 'vitest';
import { dockerfileRun, heredocRun } from '../../src/emit/dockerfile.js';
import { patchDockerfile, runAsRoot } from '../../src/emit/dockerfile-patch.js';
import { expandWord, finalBaseWarning, finalStage } from '../../src/emit/dockerfile-stages.js';
import { renderIntents, renderRowsOnly } from '../../src/emit/gai-conf.js';
import { effectiveGlibcTables } from '../../src/policy/effective-tables.js';
import { parseGaiConf } from '../../src/policy/gai-conf-parser.js';
import { buildkitInstructions, itWith, readBytes, runShell, tempDir } from './helpers.js';
import { join } from 'node:path';
import { RAILS, RAILS_ALPINE } from './fixtures/rails-dockerfile.js';

describe('finalStage: the base image as BuildKit resolves it', () => {
  it.each([
    // [Dockerfile, image (null: unresolved), via, unresolved reason]
    [RAILS, 'docker.io/library/ruby:3.3.5-slim', ['base'], null],
    [RAILS_ALPINE, 'docker.io/library/ruby:3.3.5-alpine', ['base'], null],
    ['ARG V=3.20\nFROM alpine:${V}\n', 'alpine:3.20', [], null],
    ['ARG V\nFROM ruby:${V:-3}-alpine\n', 'ruby:3-alpine', [], null],
    ['ARG V=\nFROM ruby:3${V:+-$V}\n', 'ruby:3', [], null],
    ['ARG V=x\nFROM ruby:3${V:+-$V}\n', 'ruby:3-x', [], null],
    ['ARG IMG=node:20\nARG FULL=${IMG}-alpine\nFROM ${FULL} AS app\nFROM app\n', 'node:20-alpine', ['app'], null],
    ['ARG B=base\nFROM debian:12 AS Base\nFROM ${B}\n', 'debian:12', ['base'], null],
    ['FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\nFROM --platform=$TARGETPLATFORM debian:12 AS run\n', 'debian:12', [], null],
    ['# escape=`\nARG V=12\nFROM debian:`$V\n', 'debian:$V', [], null],
    ['\r\nARG V=12\r\nFROM debian:$V AS a\r\nFROM a\r\n', 'debian:12', ['a'], null],
    ['ARG V\nFROM alpine:$V\n', null, [], /ARG V has no default/],
    ['FROM debian\nARG V=alpine\nFROM $V\n', null, [], /not declared by an ARG before the first FROM/],
    ['ARG V=x\nFROM ruby:${V#x}\n', null, [], /form gaiconf does not expand/],
    ['FROM ${BASE_IMAGE}\n', null, [], /\$BASE_IMAGE is not declared/],
  ])('%j → %s', (text, image, via, reason) => {
    const { base } = finalStage(text);
    expect(base!.image).toBe(image);
    expect(base!.via).toEqual(via);
    if (reason) expect(base!.unresolved).toMatch(reason);
    else expect(base!.unresolved).toBeNull();
  });

  it('warns for the Alpine variant of Rails, not for the slim one, and where the base cannot be resolved', () => {
    expect(finalBaseWarning(finalStage(RAILS).base!, 'dockerfile')).toBeNull();
    expect(finalBaseWarning(finalStage(RAILS_ALPINE).base!, 'dockerfile')).toMatch(/ruby:3\.3\.5-alpine is musl-based.*FROM stage "base" → docker\.io\/library\/ruby:\$RUBY_VERSION-alpine/);
    expect(finalBaseWarning(finalStage('ARG TAG\nFROM node:$TAG\n').base!, 'dockerfile')).toMatch(/cannot be resolved.*gai\.conf may not apply there: musl \(Alpine\)/);
  });

  it('expandWord: BuildKit forms, escaped $, unset and empty values', () => {
    const vars = new Map<string, string | { unset: string }>([['A', 'a'], ['E', ''], ['U', { unset: 'U has no default' }]]);
    expect(expandWord('$A-${A}-${E:-d}-${E-d}-${U:-u}-${A:+p}-${E+q}-\\$A', vars)).toEqual({ value: 'a-a-d--u-p-q-$A' });
    expect(expandWord('${U}', vars)).toEqual({ unresolved: 'U has no default' });
    expect(expandWord('${A:-${U}}', vars)).toEqual({ value: 'a' });
    expect(expandWord('${A', vars)).toMatchObject({ unresolved: expect.stringMatching(/unclosed/) });
  });
});

describe('the block runs as root when the final stage inherits a non-root USER', () => {
  it.each([
    // [Dockerfile, the lines that restore the user (null: no wrapping)]
    [RAILS, null], // USER 1000:1000 comes after the block, in the final stage itself
    ['FROM debian AS base\nUSER app\nFROM base\nCMD x\n', ['USER app']],
    ['FROM debian AS Base\nUSER 1000:1000\nfrom BASE\n', ['USER 1000:1000']],
    ['FROM debian AS base\nUSER app\nFROM base AS mid\nRUN x\nFROM mid\n', ['USER app']],
    ['FROM debian AS base\nUSER app\nFROM base AS mid\nUSER root\nFROM mid\n', null],
    ['FROM debian AS base\nUSER 0:0\nFROM base\n', null],
    ['FROM debian AS base\nENV APP_USER=app\nUSER ${APP_USER}\nFROM base\n', ['USER ${APP_USER}']],
    ['FROM debian AS base\nENV APP_USER=root\nUSER $APP_USER\nFROM base\n', null],
    // a stage's ARG is not inherited: the restore declares it again (global: bare; local: same default)
    ['ARG APP_USER=app\nFROM debian AS base\nARG APP_USER\nUSER ${APP_USER}\nFROM base\n', ['ARG APP_USER', 'USER ${APP_USER}']],
    ['FROM debian AS base\nARG APP_USER=app\nUSER ${APP_USER}\nFROM base\n', ['ARG APP_USER=app', 'USER ${APP_USER}']],
    ['FROM debian AS base\nUSER app\nFROM debian\n', null], // the final stage does not build on base
  ])('%j', (text, restore) => {
    const { user } = finalStage(text);
    expect(user?.restore ?? null).toEqual(restore);
  });

  it('an unknown variable in USER is restored as written, with a warning', () => {
    const { user } = finalStage('FROM debian AS base\nUSER ${NOPE}\nFROM base\n');
    expect(user).toMatchObject({ restore: ['USER ${NOPE}'], warning: expect.stringMatching(/\$NOPE/) });
  });

  it.each([['\n'], ['\r\n']])('patched with eol %j: USER root, the RUN, then the user back; idempotent, refreshed whole', (eol) => {
    const src = ['FROM debian AS base', 'USER app', 'FROM base', 'CMD ["x"]', ''].join(eol);
    const rows = renderRowsOnly(renderIntents(['prefer-ipv4']).policy);
    const block = runAsRoot(dockerfileRun(rows, { comment: 'c' }), finalStage(src).user!.restore);
    const once = patchDockerfile(src, block);
    expect(buildkitInstructions(once.text).map((i) => `${i.keyword} ${i.keyword === 'RUN' ? '…' : i.args}`)).toEqual(['FROM debian AS base', 'USER app', 'FROM base', 'USER root', 'RUN …', 'USER app', 'CMD ["x"]']);
    expect(once.text.split(eol).join('')).not.toMatch(/[\r\n]/); // every added line takes the file's line ending
    expect(patchDockerfile(once.text, block)).toEqual({ text: once.text, changed: false });
    // refreshed with a heredoc block, then with an unwrapped one: no USER line is left behind
    const heredoc = runAsRoot(heredocRun(rows), ['USER app']);
    const twice = patchDockerfile(once.text, heredoc).text;
    expect(buildkitInstructions(twice).map((i) => i.keyword)).toEqual(['FROM', 'USER', 'FROM', 'USER', 'RUN', 'USER', 'CMD']);
    expect(patchDockerfile(twice, dockerfileRun(rows)).text).toBe(patchDockerfile(src, dockerfileRun(rows)).text);
  });

  it('a COPY block is not wrapped (COPY writes as root whatever the USER)', () => {
    expect(runAsRoot('# m\nCOPY gai.conf /etc/gai.conf\n', ['USER app'])).toBe('# m\nCOPY gai.conf /etc/gai.conf\n');
  });
});

describe('--comments brief: the rows only, read exactly as the full file', () => {
  const INTENTS = [['prefer-ipv4'], ['prefer-ipv6'], ['ula-as-global'], ['rfc6724'], ['glibc-default'], ['prefer fd00::/8', 'ula-as-global'], ['prefer-ipv4', 'avoid 198.51.100.0/24'], ['rfc6724', 'prefer 2001:db8::/32', 'avoid 2001:db8:1::/48']];
  it.each(INTENTS)('%s…: the same effective tables on glibc 2.36 and 2.41, no prose', (...intents) => {
    const r = renderIntents(intents);
    const rows = renderRowsOnly(r.policy);
    expect(rows).not.toMatch(/#/);
    for (const glibc of ['2.36', '2.41']) {
      expect(effectiveGlibcTables(parseGaiConf(rows, { glibc }))).toEqual(effectiveGlibcTables(parseGaiConf(r.text, { glibc })));
      expect(parseGaiConf(rows, { glibc }).diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    }
  });

  itWith(['dash', 'busybox'], 'the brief RUN block, wrapped as root, writes the rows byte for byte under dash and busybox', () => {
    const rows = renderRowsOnly(renderIntents(['prefer fd00::/8', 'ula-as-global']).policy);
    const { dir, cleanup } = tempDir();
    try {
      const target = join(dir, 'gai.conf');
      for (const make of [dockerfileRun, heredocRun]) {
        const block = runAsRoot(make(rows, { target, comment: "intents x; regenerate: gaiconf generate --intent 'prefer fd00::/8'" }), ['USER app']);
        const run = buildkitInstructions(`FROM debian\n${block}`).filter((i) => i.keyword === 'RUN');
        expect(run).toHaveLength(1);
        for (const shell of ['dash', 'busybox'] as const) {
          expect(runShell(shell, run[0]!.script).status).toBe(0);
          expect(readBytes(target).toString('utf8')).toBe(rows);
        }
      }
    } finally {
      cleanup();
    }
  });
});
