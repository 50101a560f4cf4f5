// Scenario JSON text → validated Scenario, or a CliError that says file:line:column and why.
import { CliError, EXIT } from '../cli/exit-codes.js';
import { JsonLocator, parseJsonWithLocation } from '../scenario/json-error.js';
import { formatScenarioError, validateScenario } from '../scenario/validate.js';
import type { Scenario } from '../scenario/types.js';

export function scenarioFromJson(text: string, file: string): Scenario {
  const parsed = parseJsonWithLocation(text, file);
  if (!parsed.ok) {
    const e = parsed.error;
    throw new CliError(`${e.file}:${e.line}:${e.column}: ${e.message}`, EXIT.BAD_INPUT, e.hint);
  }
  const v = validateScenario(parsed.value, file);
  if (!v.ok) {
    // one locator for every error: the text is scanned once, not once per error
    const locator = new JsonLocator(text);
    throw new CliError(v.errors.map((e) => formatScenarioError(e, locator)).join('\n'), EXIT.BAD_INPUT);
  }
  return v.scenario;
}

/** The same for a value already parsed (a line of a JSON Lines batch). */
export function scenarioFromValue(value: unknown, file: string): { ok: true; scenario: Scenario } | { ok: false; message: string } {
  const v = validateScenario(value, file);
  return v.ok ? v : { ok: false, message: v.errors.map((e) => formatScenarioError(e)).join('\n') };
}
