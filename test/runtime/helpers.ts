// Compact views of a connect plan for table-driven expectations.
import type { ConnectPlan } from '../../src/runtime/timeline.js';

/** [address, startMs, endMs, outcome] per attempt, in plan order. */
export const steps = (p: ConnectPlan) => p.attempts.map((a) => [a.address, a.startMs, a.endMs, a.outcome] as const);

/** Started attempts only: [address, startMs, outcome]. */
export const started = (p: ConnectPlan) => p.attempts.filter((a) => a.startMs !== null).map((a) => [a.address, a.startMs, a.outcome] as const);

export const silent = { outcome: 'timeout' } as const;
export const refused = { outcome: 'refused' } as const;
