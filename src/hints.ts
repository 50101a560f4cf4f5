// The one-line remedy shown under a result, chosen from the rule that decided the first pair.
import type { ExplainStep } from './explain.js';
import type { ProfileName } from './order/facts.js';
import type { Scenario } from './scenario/types.js';

interface HintEntry {
  readonly address: string;
  readonly family: 4 | 6;
  readonly source: string | null;
}

const isUla = (a: string | null) => !!a && /^f[cd][0-9a-f]{0,2}:/i.test(a);

export function fixHint(profile: ProfileName, _s: Scenario, results: readonly HintEntry[], explain: readonly ExplainStep[]): string | null {
  const first = results[0];
  const top = explain[0];
  if (!first || !top) return null;
  const firstV4 = first.family === 4 || first.address.startsWith('::ffff:');
  if (profile === 'rfc6724-update') {
    if (firstV4 && results.some((r) => r.family === 6 && isUla(r.source)))
      return 'even with the RFC 6724 update, a ULA source loses Rule 5 towards a global IPv6 destination (labels 13/14 vs 1); IPv6 is used only towards known-local ULAs';
    return null;
  }
  if (profile !== 'glibc') {
    if (firstV4 && results.some((r) => r.family === 6 && isUla(r.source)))
      return `${profile} ignores /etc/gai.conf: from a ULA source, a global IPv6 destination loses Rule 5 (labels 13 vs 1) and ULA destinations rank below IPv4 (3 vs 35); give the host a global IPv6 address, or use a glibc-based image`;
    return null;
  }
  if (top.rule === 5 && firstV4 && results.some((r) => r.family === 6 && isUla(r.source)))
    return 'fix: make the ULA source match global destinations: the full default label table plus `label fd00::/8 1` in /etc/gai.conf (gaiconf generate --intent ula-as-global)';
  if (top.rule === 6 && !firstV4 && results.some((r) => r.family === 4))
    return 'to put IPv4 first: `precedence ::ffff:0:0/96 100` with the full default precedence table (gaiconf generate --intent prefer-ipv4); it moves every IPv4 answer above IPv6';
  if (top.rule === 6 && firstV4)
    return 'to put IPv6 first again: remove the IPv4 precedence raise from /etc/gai.conf (gaiconf generate --intent prefer-ipv6)';
  if (top.rule === 1)
    return 'gai.conf cannot help: Rule 1 decides before any policy; add a route or an address of that family';
  if (top.rule === 3)
    return 'gai.conf cannot help: Rule 3 decides before any policy; the source address is deprecated (preferred_lft 0)';
  if (top.rule === 2)
    return 'gai.conf can change Rule 2 only for IPv4 (scopev4 lines); for IPv6 use a source address of matching scope';
  return null;
}
