// `--fields`: which top-level fields of a result document to print. The document keeps its shape
// (schemaVersion first, then the chosen fields in their documented order); a field left out is
// never computed, so `--fields order` skips wording the explanation and the hint.
import { closest } from '../scenario/validate.js';
import { RESULT_FIELDS, type SimulationResult } from '../simulate.js';
import { CliError, EXIT } from './exit-codes.js';

/** The fields to print, in document order; `undefined` prints the whole result. */
export type Projection = readonly string[] | undefined;

/**
 * `--fields a,b` → the projection. `extra` names fields a command adds after the result's own
 * (live mode's `query`).
 */
export function parseFields(text: string | undefined, extra: readonly string[] = []): Projection {
  if (text === undefined) return undefined;
  const known: readonly string[] = [...RESULT_FIELDS, ...extra];
  const asked = text.split(',').map((x) => x.trim()).filter(Boolean);
  if (asked.length === 0) throw new CliError('--fields: no field named', EXIT.BAD_INPUT, `name some of ${known.join(', ')}`);
  for (const f of asked) {
    if (!known.includes(f)) {
      const near = closest(f, known);
      throw new CliError(`--fields: unknown field ${JSON.stringify(f)}`, EXIT.BAD_INPUT, near ? `did you mean ${near}? (fields: ${known.join(', ')})` : `fields: ${known.join(', ')}`);
    }
  }
  return known.filter((k) => k === 'schemaVersion' || asked.includes(k));
}

function project(doc: Readonly<Record<string, unknown>>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of fields) if (k in doc) out[k] = doc[k];
  return out;
}

/**
 * The document `--json`, `--batch` and `--names` print for one scenario: the result itself (one
 * profile) or `{ schemaVersion, profiles }`, then `extra` (live mode's `query`). With several
 * profiles each projected result keeps `profile`, so the lines can still be told apart.
 */
export function resultDocument(results: readonly SimulationResult[], fields: Projection, extra?: Readonly<Record<string, unknown>>): unknown {
  if (fields === undefined) {
    if (results.length === 1) return extra ? { ...results[0]!, ...extra } : results[0]!;
    return extra ? { schemaVersion: 1, profiles: results, ...extra } : { schemaVersion: 1, profiles: results };
  }
  const picked = (r: SimulationResult, f: readonly string[]) => project(r as unknown as Record<string, unknown>, f);
  let doc: Record<string, unknown>;
  if (results.length === 1) doc = picked(results[0]!, fields);
  else {
    const withProfile = RESULT_FIELDS.filter((k) => k === 'profile' || fields.includes(k));
    doc = { schemaVersion: 1, profiles: results.map((r) => picked(r, withProfile)) };
  }
  if (extra) for (const k of fields) if (k in extra) doc[k] = extra[k];
  return doc;
}
