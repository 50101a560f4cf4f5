// Messages quote what the user wrote, but never a megabyte of it: a token, key or value longer
// than a line is cut, and the cut says how long the whole was.

/** `text` whole when short, else its start, an ellipsis and its length in characters. */
export function shortText(text: string, max = 80): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1)}…(${text.length} characters)`;
}

/** JSON-quoted shortText: `"abc"`, or `"abc…"(1048576 characters)` for a long one. */
export function quoteShort(text: string, max = 80): string {
  if (text.length <= max) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, max - 1) + '…')}(${text.length} characters)`;
}

/**
 * `text` with every run of non-blank characters longer than `max` cut as shortText cuts it: for
 * messages that quote tokens (a gai.conf token never holds a blank, so a long token is one run).
 */
export function cutLongWords(text: string, max = 80): string {
  return text.length <= max ? text : text.replace(new RegExp(`\\S{${max + 1},}`, 'g'), (w) => shortText(w, max));
}
