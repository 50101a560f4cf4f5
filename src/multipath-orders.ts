// Multipath routes: the kernel picks a route's hop by hashing the flow with a seed drawn at
// boot (net.ipv4.fib_multipath_hash_seed unset), so a source chosen through such a route is
// one of several, and the order may depend on which. Here each combination of hop choices
// is simulated (the first MAX_COMBINATIONS of them) and every order they give is kept.
import { formatIp } from './address/format.js';
import { parseIp } from './address/ip.js';
import { connectUdp, flowKey } from './host/connect.js';
import type { Host } from './host/model.js';
import type { OrderOutcome } from './order/facts.js';

const MAX_COMBINATIONS = 64;

export interface MultipathView {
  /** Per result entry (in result order): every source its hops give, or null for one. */
  readonly candidates: (string[] | null)[];
  /** Per result entry: every errno a hop gives (its source refused by a rule), or null. */
  readonly errnos: (string[] | null)[];
  /** Every distinct order, the given one first; null when the order cannot vary. */
  readonly possibleOrders: string[][] | null;
  /** Whether the combinations were cut at MAX_COMBINATIONS. */
  readonly truncated: boolean;
}

export function multipathView(host: Host, entries: readonly { address: string; family: 4 | 6 }[], order: readonly string[], run: (h: Host) => OrderOutcome): MultipathView {
  const choices: { key: string; count: number }[] = [];
  const seen = new Set<string>();
  const errnos: (string[] | null)[] = [];
  const candidates = entries.map((e, i) => {
    errnos[i] = null;
    const dst = parseIp(e.address)!;
    const c = connectUdp(host, e.family, dst);
    if (!c.alternatives) return null;
    const key = flowKey(dst.bytes);
    if (!seen.has(key)) {
      seen.add(key);
      choices.push({ key, count: c.alternatives.length });
    }
    const texts = [...new Set(c.alternatives.filter((a) => a.source !== null).map((a) => formatIp(a.source!)))];
    const refused = [...new Set(c.alternatives.filter((a) => a.errno !== null).map((a) => a.errno!))];
    if (texts.length + refused.length < 2) return null;
    errnos[i] = refused.length > 0 ? refused : null;
    return texts;
  });
  if (choices.length === 0) return { candidates, errnos, possibleOrders: null, truncated: false };
  const orders = new Map<string, string[]>([[order.join(' '), order.slice()]]);
  let total = 1;
  for (const c of choices) total *= c.count;
  const n = Math.min(total, MAX_COMBINATIONS);
  for (let k = 1; k < n; k++) {
    const hopChoice = new Map<string, number>();
    let rest = k;
    for (const c of choices) {
      hopChoice.set(c.key, rest % c.count);
      rest = Math.floor(rest / c.count);
    }
    const outcome = run({ ...host, hopChoice });
    const o = outcome.answers.map((a) => formatIp(a.address));
    orders.set(o.join(' '), o);
  }
  return { candidates, errnos, possibleOrders: orders.size > 1 ? [...orders.values()] : null, truncated: total > MAX_COMBINATIONS };
}
