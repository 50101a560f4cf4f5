// The gaiconf program and how a run ends: the exit status for every outcome. Shared by main.ts
// (every command registered up front) and the executable's bundles (bin*.ts), which load only
// the command they run.
import { Command, CommanderError } from 'commander';
import { CliError, EXIT } from './exit-codes.js';
import { GaiconfInputError } from '../input-error.js';

/** A command's registration: commands/*.ts `registerX`. */
export type Register = (program: Command) => void;

/** Which command the argument parser refused, so runProgram can word the error (see below). */
const refusedBy = new WeakMap<Command, Command>();

/** `gaiconf simulate`, `gaiconf host capture`: the command as typed. */
function commandPath(c: Command): string {
  const names: string[] = [];
  for (let x: Command | null = c; x; x = x.parent) names.unshift(x.name());
  return names.join(' ');
}

/**
 * Every command throws instead of exiting, and says nothing itself when the argument parser
 * refuses the command line: runProgram words that error as every other (`gaiconf: …` and a
 * `hint:` line), which commander's own `error: …` is not.
 */
function quietParser(program: Command, c: Command): void {
  c.exitOverride();
  c.configureOutput({ outputError: () => refusedBy.set(program, c) });
  for (const sub of c.commands) quietParser(program, sub);
}

/** The root command (name, description, version, error handling) with these commands. */
export function programWith(registers: readonly Register[]): Command {
  const program = new Command('gaiconf')
    .description('simulate, explain and fix getaddrinfo() address ordering (glibc gai.conf, musl, Go, RFC 6724)')
    .version('0.1.0')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of registers) register(program);
  quietParser(program, program);
  return program;
}

/** A parser error as `gaiconf: COMMAND: message` with a hint: commander's suggestion, or where the usage is. */
function parserError(e: CommanderError, command: Command | undefined): string {
  const path = command ? commandPath(command) : 'gaiconf';
  const [first = '', ...rest] = e.message.replace(/^error: /, '').split('\n');
  const suggestion = /\(Did you mean (.+)\?\)/.exec(rest.join(' '))?.[1];
  const help = `${path} --help lists ${command && command.commands.length === 0 ? 'its arguments and options' : 'the commands'}`;
  const hint = suggestion ? `did you mean ${suggestion}? (${help})` : help;
  const where = path === 'gaiconf' ? '' : `${path.slice('gaiconf '.length)}: `;
  return `gaiconf: ${where}${first}\n  hint: ${hint}\n`;
}

/**
 * An error's lines as printed: a line placed in a file (`file:line:column: …`) stays as it is,
 * so editors and CI annotations can read it; every other message line gets `gaiconf: `; hint
 * lines (indented) stay under their message.
 */
function errorLines(message: string): string {
  return message
    .split('\n')
    .map((l) => (/^\s/.test(l) || /^[^\s:][^\n]*?:\d+:\d+: /.test(l) ? l : `gaiconf: ${l}`))
    .join('\n');
}

/** Builds the program and runs it on `argv`; the exit status. Only this decides it. */
export async function runProgram(build: () => Command | Promise<Command>, argv: string[]): Promise<number> {
  let program: Command | undefined;
  try {
    program = await build();
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help or the version asked for (`--help`, `help [COMMAND]`, `--version`): done. Help
      // shown because no command was given (`gaiconf`, `gaiconf host`) went to stderr with a
      // non-zero code: a usage error, as docs/cli.md says.
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.OK;
      if (e.code === 'commander.help') return e.exitCode === 0 ? EXIT.OK : EXIT.BAD_INPUT;
      process.stderr.write(parserError(e, program && refusedBy.get(program)));
      return EXIT.BAD_INPUT;
    }
    if (e instanceof CliError) {
      process.stderr.write(`${errorLines(e.message)}\n${e.hint ? `  hint: ${e.hint}\n` : ''}`);
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
