// The query of a generated scenario: the name looked up, the records it answers with, and its flags
// and family (AF_UNSPEC without flags most often; AI_ADDRCONFIG as often as a template asks for it).
// Apart from generator.ts so that the query's shape mix is stated in one place.

import type { AiFlag, QueryFamily, ScenarioQuery } from '../../src/scenario/types.js';
import type { Rng } from './generator-rng.js';

const QUERY_SHAPES: readonly (readonly [readonly AiFlag[], QueryFamily, number])[] = [
  [[], 'AF_UNSPEC', 62],
  [['AI_ADDRCONFIG'], 'AF_UNSPEC', 10],
  [['AI_V4MAPPED'], 'AF_INET6', 7],
  [['AI_V4MAPPED', 'AI_ALL'], 'AF_INET6', 7],
  [[], 'AF_INET', 5],
  [[], 'AF_INET6', 5],
  [['AI_ADDRCONFIG'], 'AF_INET', 1],
  [['AI_ADDRCONFIG'], 'AF_INET6', 1],
  [['AI_ADDRCONFIG', 'AI_V4MAPPED'], 'AF_INET6', 1],
  [['AI_CANONNAME'], 'AF_UNSPEC', 1],
];
const OTHER_NAMES = ['svc.example', 'mail.example.org', 'db.internal.test', 'api.example.net', 'www.example.com'] as const;

export function makeQuery(rng: Rng, records: string[], addrconfig: number | undefined): ScenarioQuery {
  let shape = rng.weighted(QUERY_SHAPES.map((s) => [s, s[2]] as const));
  if (addrconfig !== undefined && rng.chance(addrconfig)) shape = [['AI_ADDRCONFIG'], 'AF_UNSPEC', 0];
  const q: ScenarioQuery = {
    name: rng.chance(0.85) ? 'host.test' : rng.pick(OTHER_NAMES),
    records,
    flags: [...shape[0]],
  };
  if (shape[1] !== 'AF_UNSPEC') q.family = shape[1];
  return q;
}
