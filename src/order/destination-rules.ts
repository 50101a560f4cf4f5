// RFC 6724 §6 destination rules, each written once. A rule returns a decision (±rule number,
// negative prefers `a`, see decide()) or 0 when it does not tell the two apart. Profiles
// choose which rules they apply, in which order and when; their comparators say why.
import { decide, type AnswerFacts } from './facts.js';

/** Rule 1: avoid unusable destinations (no source: connect() failed). */
export const avoidUnusable = (a: AnswerFacts, b: AnswerFacts): number => (a.usable !== b.usable ? decide(1, a.usable) : 0);

/** Rule 2: prefer matching scope (Scope(D) = Scope(Source(D))). */
export function preferMatchingScope(a: AnswerFacts, b: AnswerFacts): number {
  const ma = a.scope === a.sourceScope;
  const mb = b.scope === b.sourceScope;
  return ma !== mb ? decide(2, ma) : 0;
}

/** Rule 3: avoid deprecated source addresses. */
export const avoidDeprecated = (a: AnswerFacts, b: AnswerFacts): number => (a.deprecated !== b.deprecated ? decide(3, !a.deprecated) : 0);

/** Rule 4: prefer home addresses. */
export const preferHome = (a: AnswerFacts, b: AnswerFacts): number => (a.home !== b.home ? decide(4, a.home) : 0);

/** Rule 5: prefer matching label (Label(Source(D)) = Label(D)); an unusable side never matches. */
export function preferMatchingLabel(a: AnswerFacts, b: AnswerFacts): number {
  const la = a.usable && a.label === a.sourceLabel;
  const lb = b.usable && b.label === b.sourceLabel;
  return la !== lb ? decide(5, la) : 0;
}

/** Rule 6: prefer higher precedence. */
export const preferPrecedence = (a: AnswerFacts, b: AnswerFacts): number => (a.precedence !== b.precedence ? decide(6, a.precedence > b.precedence) : 0);

/** Rule 8: prefer smaller scope. */
export const preferSmallerScope = (a: AnswerFacts, b: AnswerFacts): number => (a.scope !== b.scope ? decide(8, a.scope < b.scope) : 0);

/** Rule 9: longest matching prefix, given the profile's two match lengths (null: skipped). */
export const preferLongestMatch = (m: readonly [number, number] | null): number => (m && m[0] !== m[1] ? decide(9, m[0] > m[1]) : 0);
