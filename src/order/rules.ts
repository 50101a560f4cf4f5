// RFC 6724 §6 destination address selection, the rule titles the explanation uses.
export const RULE_TITLES: Readonly<Record<number, string>> = {
  1: 'Rule 1 (avoid unusable destinations)',
  2: 'Rule 2 (prefer matching scope)',
  3: 'Rule 3 (avoid deprecated addresses)',
  4: 'Rule 4 (prefer home addresses)',
  5: 'Rule 5 (prefer matching label)',
  6: 'Rule 6 (prefer higher precedence)',
  7: 'Rule 7 (prefer native transport)',
  8: 'Rule 8 (prefer smaller scope)',
  9: 'Rule 9 (use longest matching prefix)',
  10: 'Rule 10 (otherwise leave the order unchanged)',
};
