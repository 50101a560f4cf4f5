// Every exit status the CLI uses, in one table (docs/cli.md mirrors it).
export const EXIT = {
  /** Done; for lint: clean; for check: agreement. */
  OK: 0,
  /** Findings: lint warnings, a check disagreement, a synthesis that cannot be met. */
  FINDINGS: 1,
  /** Bad input or usage: unreadable file, invalid JSON or scenario, unknown option; lint errors. */
  BAD_INPUT: 2,
  /** The environment failed us: I/O error writing, a missing system tool. */
  ENVIRONMENT: 3,
  /** A bug in gaiconf. */
  INTERNAL: 70,
  /** Busy, try again (sysexits EX_TEMPFAIL): another gaiconf is writing the file, or it changed since it was read. */
  BUSY: 75,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error a command reports to the user: already worded, with a hint, never a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.BAD_INPUT,
    readonly hint?: string,
  ) {
    super(message);
  }
}
