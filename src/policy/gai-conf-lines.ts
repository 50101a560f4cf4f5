// A gai.conf line cut exactly as glibc's gaiconf_init cuts it (address-selection.md §1.3
// "Tokenising each line"): the line is a C string (it ends at the first NUL), a `#` anywhere
// starts a comment, tokens are runs of non-isspace characters. Shared by the parser and lint.

export interface Token {
  text: string;
  /** 1-based */
  column: number;
}

export interface LineView {
  tokens: Token[];
  /** 1-based column of the `#` that starts the comment, or 0 */
  hashColumn: number;
  /** the `#` directly follows a non-space character */
  hashGlued: boolean;
  /** 1-based column of the first NUL, or 0 */
  nulColumn: number;
  /** the comment's text after `#` (up to a NUL), or '' */
  comment: string;
}

/** isspace() in the C locale: space, \t \n \v \f \r. U+00A0 and friends are NOT spaces. */
export function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

export function tokenizeLine(raw: string): LineView {
  const nul = raw.indexOf('\0');
  let hash = raw.indexOf('#');
  // strchr('#') and the scanners stop at the first NUL.
  if (nul >= 0 && hash > nul) hash = -1;
  let end = raw.length;
  if (nul >= 0) end = nul;
  if (hash >= 0 && hash < end) end = hash;
  const tokens: Token[] = [];
  let i = 0;
  while (i < end) {
    while (i < end && isCSpace(raw.charCodeAt(i))) i++;
    const start = i;
    while (i < end && !isCSpace(raw.charCodeAt(i))) i++;
    if (i > start) tokens.push({ text: raw.slice(start, i), column: start + 1 });
  }
  const hashGlued = hash > 0 && !isCSpace(raw.charCodeAt(hash - 1));
  const comment = hash >= 0 ? raw.slice(hash + 1, nul > hash ? nul : raw.length) : '';
  return { tokens, hashColumn: hash + 1, hashGlued, nulColumn: nul + 1, comment };
}
