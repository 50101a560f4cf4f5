// The one error the library throws for bad input (docs/api.md): a stable code, and every problem
// found with the path of the value at fault and a hint, so that a caller can show all of them at
// once, as the CLI does. Internal errors (bugs) stay plain Errors.

/**
 * What was wrong: the first argument at fault (a call with a bad scenario and bad options says
 * INVALID_SCENARIO and lists both in `errors`). Stable API: values are only ever added.
 */
export type InputErrorCode =
  /** a scenario (docs/scenario.md): `simulate`, `runProfile`, `compareUpdate`, `synthesize`, … */
  | 'INVALID_SCENARIO'
  /** an options object, or an option's value (`profile: 'muls'`, `glibc: 'banana'`) */
  | 'INVALID_OPTIONS'
  /** `policyFromIntents` / `renderIntents` input */
  | 'INVALID_INTENT'
  /** what `synthesize` is asked for (`Want`, `parseWantFirst`, `parseWantOrder`) */
  | 'INVALID_WANT'
  /** any other argument: a gai.conf text that is not a string, an unknown output format, … */
  | 'INVALID_ARGUMENT';

export interface InputProblem {
  /**
   * Where: a JSON path inside the scenario (`$.query.records[0]`) for a function taking one
   * scenario; otherwise the parameter's name first (`options.glibc`, `scenarios[1].host`,
   * `intents[2]`, `want.kind`).
   */
  readonly path: string;
  readonly message: string;
  /** What to write instead. */
  readonly hint: string;
}

export class GaiconfInputError extends Error {
  override readonly name: string = 'GaiconfInputError';
  readonly code: InputErrorCode;
  /** Every problem found, at least one. */
  readonly errors: readonly InputProblem[];

  constructor(code: InputErrorCode, errors: readonly InputProblem[]) {
    super(summary(code, errors));
    this.code = code;
    this.errors = Object.freeze(errors.map((e) => Object.freeze({ path: e.path, message: e.message, hint: e.hint })));
  }

  /** The first problem's hint (for callers that show one line). */
  get hint(): string {
    return this.errors[0]?.hint ?? '';
  }
}

const WHAT: Record<InputErrorCode, string> = {
  INVALID_SCENARIO: 'invalid scenario',
  INVALID_OPTIONS: 'invalid options',
  INVALID_INTENT: 'invalid intents',
  INVALID_WANT: 'invalid wanted order',
  INVALID_ARGUMENT: 'invalid argument',
};

// One problem reads as one line; several as a count and a line each, so a test failure or a log
// line shows all of them without inspecting `errors`.
function summary(code: InputErrorCode, errors: readonly InputProblem[]): string {
  if (errors.length === 1) return `${WHAT[code]}: ${errors[0]!.path}: ${errors[0]!.message}`;
  return `${WHAT[code]}: ${errors.length} problems\n${errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`;
}

/** Throws when `problems` is not empty; `code` is that of the first problem's group. */
export function throwIfProblems(groups: readonly (readonly [InputErrorCode, readonly InputProblem[]])[]): void {
  let code: InputErrorCode | undefined;
  const all: InputProblem[] = [];
  for (const [c, problems] of groups) {
    if (problems.length === 0) continue;
    code ??= c;
    all.push(...problems);
  }
  if (code !== undefined) throw new GaiconfInputError(code, all);
}
