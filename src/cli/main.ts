#!/usr/bin/env node
// The gaiconf command with every command registered up front (dist/cli/main.js, which the tests
// run). The installed executable, dist/gaiconf.mjs (bin.ts), loads only the command it runs.
// Commands live in commands/*.ts; program.ts decides the exit status.
import type { Command } from 'commander';
import { registerSimulate } from './commands/simulate.js';
import { registerHost } from './commands/host.js';
import { registerCheck } from './commands/check.js';
import { registerGenerate } from './commands/generate.js';
import { registerDockerfile } from './commands/dockerfile.js';
import { registerLint } from './commands/lint.js';
import { registerApply } from './commands/apply.js';
import { registerDiff } from './commands/diff.js';
import { registerSynthesize } from './commands/synthesize.js';
import { registerListen } from './commands/listen.js';
import { programWith, runMain, runProgram } from './program.js';

export function buildProgram(): Command {
  return programWith([registerSimulate, registerHost, registerCheck, registerGenerate, registerDockerfile, registerLint, registerApply, registerDiff, registerSynthesize, registerListen]);
}

export function main(argv: string[]): Promise<number> {
  return runProgram(buildProgram, argv);
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
if (invokedDirectly()) runMain(buildProgram);
