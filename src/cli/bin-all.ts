// Every other gaiconf command line, as the executable runs it (dist/gaiconf-all.mjs, loaded by
// bin.ts). `gaiconf COMMAND …` registers COMMAND alone and loads only its module. Anything else
// (`--help`, `help …`, no or an unknown command) gets every command, in main.ts's order.
import type { Command } from 'commander';
import { LAZY_COMMANDS } from './lazy-commands.js';
import { programWith, runMain } from './program.js';

async function programFor(argv: string[]): Promise<Command> {
  const first = argv[0];
  const names = first !== undefined && Object.hasOwn(LAZY_COMMANDS, first) ? [first] : Object.keys(LAZY_COMMANDS);
  return programWith(await Promise.all(names.map((name) => LAZY_COMMANDS[name]!())));
}

runMain(programFor);
