// Text forms of `ip rule` selectors, read the way iproute2 reads them: the validator checks
// them with these, and the host model reads them with the same functions.

/** iproute2's protocol names that matter for rules (`ipproto`); the probes use UDP. */
export const IP_PROTOCOLS: Readonly<Record<string, number>> = { icmp: 1, tcp: 6, udp: 17, 'ipv6-icmp': 58, sctp: 132 };

/** A protocol number or name → number, or null. */
export function ipProtocolNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 255 ? v : null;
  if (typeof v !== 'string') return null;
  return Object.hasOwn(IP_PROTOCOLS, v) ? IP_PROTOCOLS[v]! : null;
}

const U32 = /^(?:0[xX][0-9a-fA-F]{1,8}|0|[1-9][0-9]{0,9})$/;

function u32(text: string): number | null {
  if (!U32.test(text)) return null;
  const n = Number(text);
  return n <= 0xffffffff ? n : null;
}

/** `fwmark V[/M]` (decimal or 0x hex) → value and mask. Without `/M` the mask is all ones,
 * except for mark 0, which the kernel keeps with mask 0: no mark selector at all (fib_nl2rule). */
export function parseFwmark(v: number | string): { value: number; mask: number } | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 0xffffffff ? { value: v, mask: v === 0 ? 0 : 0xffffffff } : null;
  const slash = v.indexOf('/');
  const value = u32(slash < 0 ? v : v.slice(0, slash));
  const mask = slash < 0 ? (value === 0 ? 0 : 0xffffffff) : u32(v.slice(slash + 1));
  return value === null || mask === null ? null : { value, mask };
}

/** `A` or `A-B` with A ≤ B ≤ max, decimal; a number is A-A. */
export function parseRange(v: string | number, max: number): { start: number; end: number } | null {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= max ? { start: v, end: v } : null;
  const m = /^(0|[1-9][0-9]*)(?:-(0|[1-9][0-9]*))?$/.exec(v);
  if (!m) return null;
  const start = Number(m[1]);
  const end = m[2] === undefined ? start : Number(m[2]);
  return start <= end && end <= max ? { start, end } : null;
}
