// The gaiconf program and how a run ends: the exit status for every outcome. Shared by main.ts
// (every command registered up front) and the executable's bundles (bin*.ts), which load only
// the command they run.
import { Command, CommanderError } from 'commander';
import { CliError, EXIT } from './exit-codes.js';
import { GaiconfInputError } from '../input-error.js';

/** A command's registration: commands/*.ts `registerX`. */
export type Register = (program: Command) => void;

/** The root command (name, description, version, error handling) with these commands. */
export function programWith(registers: readonly Register[]): Command {
  const program = new Command('gaiconf')
    .description('simulate, explain and fix getaddrinfo() address ordering (glibc gai.conf, musl, Go, RFC 6724)')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of registers) register(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

/** Builds the program and runs it on `argv`; the exit status. Only this decides it. */
export async function runProgram(build: () => Command | Promise<Command>, argv: string[]): Promise<number> {
  try {
    await (await build()).parseAsync(argv, { from: 'user' });
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
    // The library refused an input a command passed on without checking it first: still the
    // user's input, worded as the library words it.
    if (e instanceof GaiconfInputError) {
      process.stderr.write(e.errors.map((p) => `gaiconf: ${p.path}: ${p.message}\n  hint: ${p.hint}\n`).join(''));
      return EXIT.BAD_INPUT;
    }
    process.stderr.write(`gaiconf: internal error: ${(e as Error).stack ?? String(e)}\n  hint: please report this with the command you ran\n`);
    return EXIT.INTERNAL;
  }
}

/** Runs the program on this process's arguments and sets the exit status. */
export function runMain(build: (argv: string[]) => Command | Promise<Command>): void {
  const argv = process.argv.slice(2);
  // The reader went away (`gaiconf … | head`): stop quietly, as done. Any other write error is
  // the environment's.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') process.stderr.write(`gaiconf: cannot write to stdout: ${e.code ?? e.message}\n`);
    process.exit(e.code === 'EPIPE' ? EXIT.OK : EXIT.ENVIRONMENT);
  });
  runProgram(() => build(argv), argv).then((code) => {
    process.exitCode = code;
  });
}
