// docs/field-cases.md shows real output: each `NO_COLOR=1 node dist/cli/main.js …` command in a
// sh block is run and its stdout must equal the plain block that follows it. Regenerate with
// `UPDATE_DOCS=1 npx vitest run test/docs/field-cases-doc.test.ts` after a change in wording.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const DOC = join(ROOT, 'docs/field-cases.md');
const PREFIX = 'NO_COLOR=1 node dist/cli/main.js ';
/** A one-command sh block, a blank line, then the block with its output. */
const EXAMPLE = /```sh\n(NO_COLOR=1 node dist\/cli\/main\.js [^\n]+)\n```\n\n```\n([\s\S]*?)```/g;

function run(command: string): string {
  const args = command.slice(PREFIX.length).split(' ');
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli/main.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return r.stdout;
}

describe('docs/field-cases.md', () => {
  const text = readFileSync(DOC, 'utf8');
  const examples = [...text.matchAll(EXAMPLE)];

  it('has its examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(13);
  });

  if (process.env.UPDATE_DOCS) {
    it('rewrites the outputs', () => {
      writeFileSync(DOC, text.replace(EXAMPLE, (_all, command: string) => `\`\`\`sh\n${command}\n\`\`\`\n\n\`\`\`\n${run(command)}\`\`\``));
    });
    return;
  }

  it.each(examples.map((m) => [m[1]!, m[2]!]))('%s prints what the page shows', (command, shown) => {
    expect(run(command)).toBe(shown);
  });
});
