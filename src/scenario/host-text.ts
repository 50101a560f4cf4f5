// A host's JSON text, the key both the scenario check (checked-scenarios.ts) and the engine's
// host cache (simulate.ts) find an equal host by. A call that brings a new host object needs it
// twice, once in each: the last one is kept (~1.5 µs for a small host).
import type { ScenarioHost } from './types.js';

let lastHost: object | null = null;
let lastText = '';

export function hostText(host: ScenarioHost | object): string {
  if (host !== lastHost) {
    lastText = JSON.stringify(host);
    lastHost = host;
  }
  return lastText;
}
