// `gaiconf simulate …` as the executable runs it (dist/gaiconf-simulate.mjs, loaded by bin.ts):
// the program with simulate alone. With the command given first, commander looks no further
// than that command and its parent, so usage, help and errors are those of main.ts.
import { registerSimulate } from './commands/simulate.js';
import { programWith, runMain } from './program.js';

runMain(() => programWith([registerSimulate]));
