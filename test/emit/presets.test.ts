// The files in policies/ are exactly what the generator prints today, and they do what their
// headers (and policies/README.md) say on the field-case scenarios.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderIntents } from '../../src/emit/gai-conf.js';
import { DOCKER_ULA_EXAMPLE } from '../../src/examples.js';
import { parseGaiConf } from '../../src/policy/gai-conf-parser.js';
import type { Scenario } from '../../src/scenario/types.js';
import { simulate } from '../../src/simulate.js';

const DIR = new URL('../../policies/', import.meta.url);
const PRESETS = ['glibc-default', 'rfc6724', 'prefer-ipv4', 'prefer-ipv6', 'ula-as-global'] as const;
type Preset = (typeof PRESETS)[number];
const text = (p: Preset) => readFileSync(new URL(`${p}.conf`, DIR), 'utf8');
/** The header's wrapped comment paragraphs as running text. */
const prose = (p: Preset) => text(p).replace(/\n#\s+/g, ' ');

/** Field case 4: `localhost` on a plain host (only lo). */
const LOCALHOST: Scenario = { name: 'localhost', host: { interfaces: [] }, query: { name: 'localhost', records: ['::1', '127.0.0.1'] } };
/** Field case 2's client: a dual-stack host with global addresses. */
const DUAL_STACK: Scenario = {
  name: 'dual-stack client',
  host: {
    interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24', '2001:db8:1::10/64'] }],
    routes: [
      { to: 'default', via: '192.0.2.1' },
      { to: 'default', via: '2001:db8:1::1' },
    ],
  },
  query: { name: 'agent.example.test', records: ['2001:db8::5', '203.0.113.5'] },
};

const first = (s: Scenario, preset: Preset | null) => simulate({ ...s, gaiConf: preset ? text(preset) : null }).order[0];

describe('policies/*.conf', () => {
  it('holds exactly the five presets and a README', () => {
    expect(readdirSync(DIR).sort()).toEqual([...PRESETS.map((p) => `${p}.conf`), 'README.md'].sort());
  });

  it.each(PRESETS)('%s.conf is what `gaiconf generate --intent` with that intent prints today', (p) => {
    expect(text(p)).toBe(renderIntents([p]).text);
  });

  it.each(PRESETS)('%s.conf says what it does, when to use it and what it costs, and lints clean', (p) => {
    const t = text(p);
    expect(t).toMatch(new RegExp(`^# Command: gaiconf generate --intent ${p}$`, 'm'));
    expect(prose(p)).toMatch(/When: /);
    expect(prose(p)).toMatch(/Cost: /);
    expect(prose(p)).toMatch(/musl \(Alpine\)/);
    expect(parseGaiConf(t).diagnostics).toEqual([]);
  });

  it('prefer-ipv4 warns that it moves every IPv4 answer; ula-as-global explains ULA sources', () => {
    expect(prose('prefer-ipv4')).toMatch(/moves EVERY IPv4 answer above IPv6/);
    expect(prose('ula-as-global')).toMatch(/ULA source matches global IPv6 destinations/);
    expect(prose('ula-as-global')).toMatch(/no effect on musl \(Alpine\) or on Go's built-in resolver/);
  });
});

describe('preset effects on the field cases (glibc)', () => {
  it('Docker ULA container (case 1): only ula-as-global puts IPv6 first', () => {
    expect(first(DOCKER_ULA_EXAMPLE, null)).toBe('203.0.113.5');
    expect(first(DOCKER_ULA_EXAMPLE, 'glibc-default')).toBe('203.0.113.5');
    expect(first(DOCKER_ULA_EXAMPLE, 'ula-as-global')).toBe('2001:db8::5');
    expect(first(DOCKER_ULA_EXAMPLE, 'prefer-ipv6')).toBe('203.0.113.5'); // labels (Rule 5) decide first
    expect(first(DOCKER_ULA_EXAMPLE, 'rfc6724')).toBe('203.0.113.5');
    expect(first(DOCKER_ULA_EXAMPLE, 'prefer-ipv4')).toBe('203.0.113.5');
  });

  it('the ula-as-global fix changes nothing on musl and Go (they ignore gai.conf)', () => {
    for (const profile of ['musl', 'go'] as const) {
      expect(simulate({ ...DOCKER_ULA_EXAMPLE, gaiConf: text('ula-as-global') }, { profile }).order[0]).toBe('203.0.113.5');
    }
  });

  it('localhost on a plain host (case 4): ::1 first, except with prefer-ipv4', () => {
    expect(first(LOCALHOST, null)).toBe('::1');
    expect(first(LOCALHOST, 'glibc-default')).toBe('::1');
    expect(first(LOCALHOST, 'prefer-ipv4')).toBe('127.0.0.1');
    expect(first(LOCALHOST, 'prefer-ipv6')).toBe('::1');
    expect(first(LOCALHOST, 'rfc6724')).toBe('::1');
    expect(first(LOCALHOST, 'ula-as-global')).toBe('::1');
  });

  it('dual-stack client (case 2): prefer-ipv4 moves IPv4 above global IPv6 too', () => {
    expect(first(DUAL_STACK, null)).toBe('2001:db8::5');
    expect(first(DUAL_STACK, 'prefer-ipv4')).toBe('203.0.113.5');
    expect(first(DUAL_STACK, 'rfc6724')).toBe('2001:db8::5');
    expect(first(DUAL_STACK, 'ula-as-global')).toBe('2001:db8::5');
  });

  it('prefer PREFIX is the narrow alternative: only that network moves', () => {
    const conf = renderIntents(['prefer 203.0.113.0/24']).text;
    expect(simulate({ ...DUAL_STACK, gaiConf: conf }).order[0]).toBe('203.0.113.5');
    expect(simulate({ ...DUAL_STACK, gaiConf: conf, query: { records: ['2001:db8::5', '198.51.100.5'] } }).order[0]).toBe('2001:db8::5');
  });
});
