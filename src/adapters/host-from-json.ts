// A scenario `host` object from JSON text (`--host FILE`), validated as a scenario's host would
// be, with every error placed in that file: `file:line:column`, and the JSON path counted from
// the host object the file holds ($.interfaces[0], not $.host.interfaces[0]).
import { CliError, EXIT } from '../cli/exit-codes.js';
import type { ScenarioHost } from '../scenario/types.js';
import { formatScenarioError, validateScenario } from '../scenario/validate.js';
import { jsonFromFile } from './scenario-from-json.js';

/** `$.host.interfaces[0]` → `$.interfaces[0]`: the path inside the host file. */
function inHostFile(path: string): string {
  return path === '$.host' ? '$' : path.startsWith('$.host.') || path.startsWith('$.host[') ? `$${path.slice('$.host'.length)}` : path;
}

export function hostFromJson(text: string, file: string): ScenarioHost {
  const v = validateScenario({ host: jsonFromFile(text, file), query: { records: [] } }, file);
  if (!v.ok) throw new CliError(v.errors.map((e) => formatScenarioError({ ...e, path: inHostFile(e.path) }, text)).join('\n'), EXIT.BAD_INPUT);
  return v.scenario.host;
}
