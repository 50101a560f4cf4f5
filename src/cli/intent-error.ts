// An IntentError as the CLI words it: one line per problem, each naming the --intent at fault.
import type { IntentError } from '../policy/intents.js';
import { CliError, EXIT } from './exit-codes.js';

/** Every problem of the intents, each naming its --intent; the last hint is the error's. */
export function intentError(e: IntentError, intents: readonly string[]): CliError {
  const lines = e.errors.map((p) => {
    const i = /^intents\[(\d+)\]/.exec(p.path)?.[1];
    const text = i === undefined ? undefined : intents[Number(i)]?.trim();
    return { line: `${text ? `--intent ${JSON.stringify(text)}` : '--intent'}: ${p.message}`, hint: p.hint };
  });
  const last = lines.pop()!;
  return new CliError([...lines.map((l) => `${l.line}\n  hint: ${l.hint}\n`), last.line].join(''), EXIT.BAD_INPUT, last.hint);
}
