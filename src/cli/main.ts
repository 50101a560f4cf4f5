#!/usr/bin/env node
// The gaiconf command: commander wiring only. Commands live in commands/*.ts; only this file
// decides the exit status.
import { Command, CommanderError } from 'commander';
import { registerSimulate } from './commands/simulate.js';
import { registerHost } from './commands/host.js';
import { registerCheck } from './commands/check.js';
import { registerGenerate } from './commands/generate.js';
import { registerDockerfile } from './commands/dockerfile.js';
import { registerLint } from './commands/lint.js';
import { registerApply } from './commands/apply.js';
import { registerDiff } from './commands/diff.js';
import { registerSynthesize } from './commands/synthesize.js';
import { CliError, EXIT } from './exit-codes.js';

export function buildProgram(): Command {
  const program = new Command('gaiconf')
    .description('simulate, explain and fix getaddrinfo() address ordering (glibc gai.conf, musl, Go, RFC 6724)')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerSimulate(program);
  registerHost(program);
  registerCheck(program);
  registerGenerate(program);
  registerDockerfile(program);
  registerLint(program);
  registerApply(program);
  registerDiff(program);
  registerSynthesize(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
      return EXIT.BAD_INPUT;
    }
    if (e instanceof CliError) {
      process.stderr.write(`gaiconf: ${e.message}\n${e.hint ? `  hint: ${e.hint}\n` : ''}`);
      return e.exitCode;
    }
    process.stderr.write(`gaiconf: internal error: ${(e as Error).stack ?? String(e)}\n  hint: please report this with the command you ran\n`);
    return EXIT.INTERNAL;
  }
}

// Run when this file is the program, also through npm's bin symlink (compare real paths).
function invokedDirectly(): boolean {
  if (!process.argv[1]) return false;
  try {
    const { realpathSync } = process.getBuiltinModule('node:fs') as typeof import('node:fs');
    const { fileURLToPath } = process.getBuiltinModule('node:url') as typeof import('node:url');
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
if (process.env.GAICONF_MAIN === '1' || invokedDirectly()) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
