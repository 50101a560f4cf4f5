// Scenario JSON text → validated Scenario, or a CliError that says file:line:column and why.
import { CliError, EXIT } from '../cli/exit-codes.js';
import { JsonLocator, parseJsonWithLocation } from '../scenario/json-error.js';
import { formatScenarioError, validateScenario } from '../scenario/validate.js';
import type { Scenario } from '../scenario/types.js';
import { duplicateKeyMessage } from '../scenario/json-duplicates.js';

/**
 * The value of a JSON file gaiconf reads, or a CliError (exit 2) placed at file:line:column with a
 * hint: a syntax error, or a key given twice in one object (JSON.parse would drop the first).
 */
export function jsonFromFile(text: string, file: string): unknown {
  const parsed = parseJsonWithLocation(text, file);
  if (!parsed.ok) {
    const e = parsed.error;
    throw new CliError(`${e.file}:${e.line}:${e.column}: ${e.message}`, EXIT.BAD_INPUT, e.hint);
  }
  const dup = duplicateKeyMessage(text, file, parsed.value);
  if (dup) throw new CliError(dup.message, EXIT.BAD_INPUT, dup.hint);
  return parsed.value;
}

export function scenarioFromJson(text: string, file: string): Scenario {
  const v = validateScenario(jsonFromFile(text, file), file);
  if (!v.ok) {
    // one locator for every error: the text is scanned once, not once per error
    const locator = new JsonLocator(text);
    throw new CliError(v.errors.map((e) => formatScenarioError(e, locator)).join('\n'), EXIT.BAD_INPUT);
  }
  return v.scenario;
}

/**
 * The same for a value already parsed (a line of a JSON Lines batch). With the line's `text`,
 * each error is placed at `file:column` (file being `name:line`) and `column` is the first one's.
 */
export function scenarioFromValue(value: unknown, file: string, text?: string): { ok: true; scenario: Scenario } | { ok: false; message: string; column?: number } {
  const v = validateScenario(value, file);
  if (v.ok) return v;
  if (text === undefined) return { ok: false, message: v.errors.map((e) => formatScenarioError(e)).join('\n') };
  // A batch line is one line; a lone CR in it is JSON whitespace and does not start another, so
  // it is read as a blank when placing errors (offsets do not change). Errors only: no cost otherwise.
  const locator = new JsonLocator(text.replace(/\r/g, ' '));
  const columns: number[] = [];
  const message = v.errors
    .map((e) => {
      const at = (e.target === 'key' ? locator.locate(e.path, 'key') : null) ?? locator.locateOrAncestor(e.path);
      const column = at?.column ?? 1;
      columns.push(column);
      return formatScenarioError({ ...e, source: `${file}:${column}` });
    })
    .join('\n');
  return { ok: false, message, column: columns[0]! };
}
