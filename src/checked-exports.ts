// Public entry points whose implementations expect validated input (host/build-host.ts,
// scenario/validate.ts normalizeScenario): the same functions behind the library's input check,
// so that a bad host or scenario throws GaiconfInputError instead of a TypeError.
import { buildHost as buildHostValidated } from './host/build-host.js';
import type { Host } from './host/model.js';
import { throwIfProblems } from './input-error.js';
import { checkHost, checkScenario } from './scenario/checked-scenarios.js';
import type { Scenario, ScenarioHost } from './scenario/types.js';
import { normalizeScenario as normalizeValidated } from './scenario/validate.js';

/** The kernel's view of a scenario host (addresses, routes, lo). Throws GaiconfInputError. */
export function buildHost(spec: ScenarioHost): Host {
  throwIfProblems([['INVALID_SCENARIO', checkHost(spec)]]);
  return buildHostValidated(spec);
}

/**
 * The same scenario with every default written out (docs/scenario.md). Returns a new object; the
 * input is not modified. Throws GaiconfInputError for an invalid scenario.
 */
export function normalizeScenario(s: Scenario): Scenario {
  throwIfProblems([['INVALID_SCENARIO', checkScenario(s)]]);
  return normalizeValidated(s);
}
