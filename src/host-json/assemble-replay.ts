// The replay check: the captured host is rebuilt with the simulator's own host model and compared
// route by route, rule by rule and label by label with what was read, so a difference between
// the model and this kernel becomes a warning instead of a silent change.
import { buildHost } from '../host/build-host.js';
import type { Host } from '../host/model.js';
import type { ScenarioHost } from '../scenario/types.js';
import { builtRuleKeys } from './assemble-rules.js';
import { RoutePool, TABLE_TEXT, addrlabelText, hostRouteParts, type RouteKeyParts, type Wild } from './assemble-keys.js';
import type { RawHost } from './raw-host.js';

export function verifyReplay(
  host: ScenarioHost,
  raw: RawHost,
  expected: { parts: RouteKeyParts; wild: Wild; what: string }[],
  rules: Record<4 | 6, string[]> | null,
  nameOf: (d: string) => string,
  warnings: string[],
): void {
  let built: Host;
  try {
    built = buildHost(host);
  } catch (e) {
    warnings.push(`the captured host could not be rebuilt by the simulator (${(e as Error).message}); its results may not match this host`);
    return;
  }
  const names = new Map(built.interfaces.map((i) => [i.index, i.name]));
  const pool = new RoutePool(built.routes.map((r) => hostRouteParts(r, names)));
  const missing: string[] = [];
  // Exact reads first, so that a partial one does not take a route an exact one needs.
  const order = [...expected].sort((x, y) => x.wild.size - y.wild.size);
  for (const e of order) if (!pool.take(e.parts, e.wild)) missing.push(e.what);
  for (const m of missing) warnings.push(`${m}: the simulator does not rebuild it from the capture (its host model differs from this kernel here)`);
  // Model routes nothing captured accounts for: kernel routes missing here (deleted by hand).
  const extra = pool
    .remaining()
    .filter((p) => p.family === 4 || raw.ipv6)
    .map((p) => `${p.type === 'unicast' ? '' : `${p.type} `}${p.prefix}${p.dev ? ` dev ${p.dev}` : ''} table ${TABLE_TEXT(p.table)}`);
  if (extra.length) {
    warnings.push(`the simulator derives route(s) this host does not have (deleted by hand?), and the format cannot delete them: ${extra.join('; ')}`);
  }
  if (rules) {
    const families: (4 | 6)[] = raw.ipv6 ? [4, 6] : [4];
    for (const f of families) {
      const got = builtRuleKeys(built.rules, host.rules ?? [], f);
      if (got.join('\n') !== rules[f].join('\n')) {
        warnings.push(`the IPv${f} rules do not replay in the kernel's order (captured: ${rules[f].length}, rebuilt: ${got.length}); the simulator walks them in its own order`);
      }
    }
  }
  if (raw.ipv6 && raw.addrlabels) {
    const want = raw.addrlabels.map((l) => `${addrlabelText(l)}=${l.label}@${l.ifname === undefined ? '' : nameOf(l.ifname)}`);
    const got = built.addrlabels.map((l) => `${l.text}=${l.value}@${l.ifindex === 0 ? '' : (names.get(l.ifindex) ?? '?')}`);
    const wantSet = new Set(want);
    if (got.filter((g) => wantSet.has(g)).join('\n') !== want.filter((w) => got.includes(w)).join('\n')) {
      warnings.push('the kernel addrlabel table does not replay in its order; the simulator may pick another label where rows overlap');
    }
  }
}
