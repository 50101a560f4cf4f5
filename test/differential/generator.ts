// Seeded, reproducible scenario generator for the differential suite (simulator vs. real glibc 2.36 /
// musl 1.2.3 in network namespaces): assembles a scenario from a host template, gai.conf text
// (generator-gaiconf.ts) and a query (generator-query.ts). The greedy shrinker for failing scenarios
// is generator-shrink.ts (re-exported here).
//
// * `generateScenario(seed, index)` depends on (seed, index) only, so a failure report of
//   `gen-<seed>-<index>-<template>` can be regenerated anywhere.
// * ~70% of scenarios come from realistic host templates (templates-classic.ts, and the policy-routing
//   ones of templates-routing.ts), ~30% from an adversarial mixer (generator-mixer.ts).
// * Every scenario must be buildable by the namespace builder: the kernel must accept every interface
//   address and route. The constraints are enforced twice: by construction, and by `scenarioProblems`
//   (generator-checks.ts; asserted on every generated scenario; the shrinker drops what a removal broke
//   with routesProblems and ruleProblems).
// * Address text we emit (interface addresses, routes, records) is accepted by glibc's strict inet_pton.
//   gai.conf text deliberately contains malformed lines; it is not address text in that sense.
// * Only documentation/test ranges are used: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
//   2001:db8::/32, fdXX ULA, 10/8, 172.16/12, 192.168/16, 100.64/10, plus the special blocks the
//   ordering rules care about (fe80::/10, fec0::/10, 2002::/16 and 2001::/32 built around documentation
//   IPv4, 64:ff9b::/96, ::/96, ::ffff:0:0/96, loopback, multicast, unspecified).

import type { Scenario } from '../../src/scenario/types.js';
import { scenarioProblems } from './generator-checks.js';
import { pickGaiConf } from './generator-gaiconf.js';
import { HostBuilder } from './generator-host-builder.js';
import { mixer } from './generator-mixer.js';
import { makeQuery } from './generator-query.js';
import { clampRecords } from './generator-records.js';
import { scenarioRng } from './generator-rng.js';
import type { Template, TemplateOut } from './generator-template.js';

import { templates } from './templates-classic.js';
import { featureRng, featureTemplates, mixFeatures } from './templates-features.js';
import { routingTemplates } from './templates-routing.js';

export { scenarioProblems } from './generator-checks.js';
export { makeRng, type Rng } from './generator-rng.js';
export { shrinkScenario } from './generator-shrink.js';

/** The classic templates, then the policy-routing ones (which stand on classic underlays). */
const ALL_TEMPLATES: Record<string, Template> = { ...templates, ...routingTemplates(templates) };
const REALISTIC = Object.keys(ALL_TEMPLATES);
/** Address states and per-device settings (templates-features.ts), chosen through featureRng. */
const FEATURE_TEMPLATES = featureTemplates(templates);
export const TEMPLATES: readonly string[] = Object.freeze([...REALISTIC, ...Object.keys(FEATURE_TEMPLATES), 'mixer']);
/** The policy-routing templates (templates-routing.ts). */
export const ROUTING_TEMPLATES: readonly string[] = Object.freeze(REALISTIC.filter((t) => !(t in templates)));

// ───────────────────────────────────────────────────────────────────────────── entry points

export function generateScenario(seed: number, index: number): Scenario {
  const rng = scenarioRng(seed, index);
  // The features come from a stream of their own: a scenario that gets none is the one this
  // (seed, index) gave before they existed.
  const frng = featureRng(seed, index);
  const feature = frng.chance(0.1) ? frng.pick(Object.keys(FEATURE_TEMPLATES)) : null;
  const template = feature ?? (rng.chance(0.7) ? rng.pick(REALISTIC) : 'mixer');
  let b: HostBuilder;
  let out: TemplateOut;
  if (feature !== null) {
    b = new HostBuilder();
    out = FEATURE_TEMPLATES[feature]!(rng, b);
  } else if (template === 'mixer') {
    b = new HostBuilder(rng.chance(0.85));
    out = mixer(rng, b);
    if (frng.chance(0.4)) out.records = mixFeatures(frng, b, out.records);
  } else {
    b = new HostBuilder(template !== 'ipv6-disabled');
    out = ALL_TEMPLATES[template]!(rng, b);
    if (frng.chance(0.1)) out.records = mixFeatures(frng, b, out.records);
  }
  const records = clampRecords(rng, out.records);
  const gaiConf = pickGaiConf(rng, records, template === 'mixer');
  const query = makeQuery(rng, records, out.addrconfig);
  if (out.uid !== undefined) query.uid = out.uid;
  const s: Scenario = { name: `gen-${seed}-${index}-${template}`, host: b.build(), gaiConf, query };
  const problems = scenarioProblems(s);
  if (problems.length) throw new Error(`generator bug in ${s.name}: ${problems.join('; ')}\n${JSON.stringify(s)}`);
  return s;
}

export function generateScenarios(seed: number, count: number): Scenario[] {
  return Array.from({ length: count }, (_, i) => generateScenario(seed, i));
}
