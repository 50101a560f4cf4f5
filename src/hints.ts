// The one-line remedy shown under a result, chosen from the rule that decided the first pair,
// and worded for where the user is: nothing that needs IPv6 where IPv6 is off, no invitation to
// undo a gai.conf that already decides the order, the narrow fix before the machine-wide one,
// and, for an implementation that never reads /etc/gai.conf, that a file would change nothing.
import type { ExplainStep } from './explain.js';
import type { ProfileName } from './order/facts.js';
import { INTENT_PRECEDENCE } from './policy/intents.js';
import { IPV6_OFF, profileRemedy } from './remedies.js';
import { ipv6Off } from './scenario/ipv6-off.js';
import type { Scenario } from './scenario/types.js';

interface HintEntry {
  readonly address: string;
  readonly family: 4 | 6;
  readonly source: string | null;
  readonly usable: boolean;
}

/** Which of glibc's tables the scenario's gai.conf replaced (a policy is in place). */
export interface CustomTables {
  readonly labelsCustom: boolean;
  readonly precedenceCustom: boolean;
  readonly scopev4Custom: boolean;
}

const isUla = (a: string | null) => !!a && /^f[cd][0-9a-f]{0,2}:/i.test(a);
const isV4 = (e: HintEntry) => e.family === 4 || e.address.startsWith('::ffff:');
const ipv4Text = (e: HintEntry) => (e.address.startsWith('::ffff:') ? e.address.slice('::ffff:'.length) : e.address);

const sentence = (t: string) => `${t[0]!.toUpperCase()}${t.slice(1)}`;

/** Profiles whose sort never reads /etc/gai.conf. */
function otherProfileHint(profile: ProfileName, s: Scenario, results: readonly HintEntry[], top: ExplainStep): string | null {
  const first = results[0]!;
  const firstV4 = isV4(first);
  const ulaLoses = firstV4 && results.some((r) => r.family === 6 && isUla(r.source));
  if (profile === 'rfc6724-update') {
    if (ulaLoses) return 'even with the RFC 6724 update, a ULA source loses Rule 5 towards a global IPv6 destination (labels 13/14 vs 1); IPv6 is used only towards known-local ULAs';
    return null;
  }
  const why: string[] = [];
  if (s.gaiConf != null && s.gaiConf.trim() !== '') why.push("this scenario's gai.conf changes nothing here");
  if (ulaLoses) why.push('from a ULA source, a global IPv6 destination loses Rule 5 (labels 13 vs 1) and ULA destinations rank below IPv4 (3 vs 35)');
  else if (top.rule === 6 && results.some((r) => isV4(r) !== firstV4)) why.push(`${firstV4 ? 'IPv4' : 'IPv6'} comes first by ${profile === 'go' ? "Go's" : 'its'} own precedence table, which no gai.conf line changes`);
  if (why.length === 0) return null;
  // profileRemedy starts by saying that the implementation ignores /etc/gai.conf
  return `${sentence(why.join('; '))}. ${profileRemedy(profile)}`;
}

/**
 * The hint of a result: from the rule that decided its first pair, the profile, the scenario's
 * host and the tables its gai.conf replaced (null: no remedy worth a line, or none needed).
 */
export function fixHint(profile: ProfileName, s: Scenario, results: readonly HintEntry[], explain: readonly ExplainStep[], tables?: CustomTables): string | null {
  const first = results[0];
  const top = explain[0];
  if (!first || !top) return null;
  if (profile !== 'glibc') return otherProfileHint(profile, s, results, top);
  const firstV4 = isV4(first);
  // A gai.conf that decides this pair was written on purpose: no invitation to the opposite.
  const decidedByFile = (top.rule === 5 && tables?.labelsCustom) || (top.rule === 6 && tables?.precedenceCustom) || (top.rule === 2 && firstV4 && tables?.scopev4Custom);
  if (decidedByFile) return null;
  if (top.rule === 5 && firstV4 && results.some((r) => r.family === 6 && isUla(r.source)))
    return 'fix: make the ULA source match global destinations: the full default label table plus `label fd00::/8 1` in /etc/gai.conf (gaiconf generate --intent ula-as-global)';
  if (top.rule === 6 && !firstV4) {
    const v4 = results.find(isV4);
    // Any gai.conf in place (the ULA fix, say) made this order possible: do not offer to reverse it.
    if (!v4 || tables?.labelsCustom || tables?.scopev4Custom) return null;
    const address = ipv4Text(v4);
    return `to put ${address} first for this address only: \`precedence ::ffff:${address}/128 ${INTENT_PRECEDENCE.preferOtherFamily}\` with the full default precedence table (gaiconf generate --intent 'prefer ${address}'); for every IPv4 answer of every name: gaiconf generate --intent prefer-ipv4`;
  }
  // IPv4 first because IPv6 cannot be used here: the order is already what works
  if ((top.rule === 1 || top.rule === 2) && firstV4 && results.some((r) => !isV4(r)) && ipv6Off(s.host)) return `gai.conf cannot help, and the order needs no fix: ${IPV6_OFF}`;
  if (top.rule === 1) return 'gai.conf cannot help: Rule 1 decides before any policy; add a route or an address of that family';
  if (top.rule === 3) return 'gai.conf cannot help: Rule 3 decides before any policy; the source address is deprecated (preferred_lft 0)';
  if (top.rule === 2) return 'gai.conf can change Rule 2 only for IPv4 (scopev4 lines); for IPv6 use a source address of matching scope';
  return null;
}
