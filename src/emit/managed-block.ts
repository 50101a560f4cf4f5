// The managed block `gaiconf apply` owns inside /etc/gai.conf:
//
//   # BEGIN gaiconf (managed by `gaiconf apply`; edits between these markers are replaced)
//   …content…
//   # END gaiconf
//
// Placement rules (placeManagedBlock), chosen so nothing the user wrote is ever silently merged
// into a policy it was not written for:
//   - no file            → the file is the block alone                              ('created')
//   - a block is there   → only the block's lines change; every byte outside stays  ('block-replaced')
//   - no block, and the file has only comments and blank lines (Debian's commented sample)
//                        → the block is appended; the comments stay                ('appended')
//   - no block, and the file has active lines (label/precedence/scopev4/reload/anything glibc
//     reads) → the WHOLE file is replaced by the block; the caller keeps the old file as a
//     backup and says so ('file-replaced'). Keeping those lines beside the block would give
//     glibc two partial tables to merge (duplicates, first line wins), which is exactly the
//     kind of silent surprise the block exists to prevent.
// Pure: text in, text out. Markers are matched on whole lines (leading/trailing blanks and a CR
// ignored); an unbalanced or repeated marker is an error the user must resolve by hand.

export const BLOCK_BEGIN = '# BEGIN gaiconf';
export const BLOCK_END = '# END gaiconf';
export const BEGIN_LINE = '# BEGIN gaiconf (managed by `gaiconf apply`; edits between these markers are replaced)';

export class ManagedBlockError extends Error {
  override readonly name = 'ManagedBlockError';
  constructor(
    message: string,
    readonly hint: string,
    /** 1-based line of the offending marker, 0 when not about a line */
    readonly line: number,
  ) {
    super(message);
  }
}

export interface ManagedBlock {
  /** 1-based line of `# BEGIN gaiconf` */
  beginLine: number;
  /** 1-based line of `# END gaiconf` */
  endLine: number;
  /** offset of the BEGIN line's first character */
  start: number;
  /** offset just past the END line's line break (or the end of the text) */
  end: number;
}

export type PlacementMode = 'created' | 'block-replaced' | 'appended' | 'file-replaced';

export interface Placement {
  /** the complete new file */
  text: string;
  mode: PlacementMode;
  /** 1-based lines of the OLD file that had active (non-comment) content and were dropped */
  discarded: number[];
  changed: boolean;
}

interface Line {
  text: string;
  start: number;
  /** offset past the line break */
  end: number;
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    out.push({ text: text.slice(pos, nl < 0 ? text.length : nl).replace(/\r$/, ''), start: pos, end });
    pos = end;
  }
  return out;
}

const isBegin = (l: string) => l.trim().startsWith(BLOCK_BEGIN) && /^(\s|\(|$)/.test(l.trim().slice(BLOCK_BEGIN.length));
const isEnd = (l: string) => l.trim().startsWith(BLOCK_END) && /^(\s|\(|$)/.test(l.trim().slice(BLOCK_END.length));

/** The managed block in `text`, or null. Throws ManagedBlockError on unbalanced or repeated markers. */
export function findManagedBlock(text: string): ManagedBlock | null {
  const lines = linesOf(text);
  let begin = -1;
  let block: ManagedBlock | null = null;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (isBegin(l.text)) {
      if (begin >= 0) throw new ManagedBlockError(`line ${i + 1}: a second "${BLOCK_BEGIN}" before "${BLOCK_END}" (line ${begin + 1} opened the block)`, 'keep one BEGIN/END pair: delete the stray marker line, or the whole broken block', i + 1);
      if (block) throw new ManagedBlockError(`line ${i + 1}: a second managed block (the first is lines ${block.beginLine}–${block.endLine})`, 'keep one managed block: delete the other, then apply again', i + 1);
      begin = i;
    } else if (isEnd(l.text)) {
      if (begin < 0) throw new ManagedBlockError(`line ${i + 1}: "${BLOCK_END}" without a "${BLOCK_BEGIN}" before it`, 'delete the stray END marker, or restore the BEGIN line', i + 1);
      block = { beginLine: begin + 1, endLine: i + 1, start: lines[begin]!.start, end: l.end };
      begin = -1;
    }
  }
  if (begin >= 0) throw new ManagedBlockError(`line ${begin + 1}: "${BLOCK_BEGIN}" without a "${BLOCK_END}" after it`, `add "${BLOCK_END}" where the managed block ends, or delete the BEGIN line`, begin + 1);
  return block;
}

/** 1-based lines glibc would read as something (a first word outside a comment). */
export function activeLines(text: string): number[] {
  const out: number[] = [];
  linesOf(text).forEach((l, i) => {
    const cut = l.text.split('#')[0]!.split('\0')[0]!;
    if (/[^ \t\n\v\f\r]/.test(cut)) out.push(i + 1);
  });
  return out;
}

/** The block for `content` (a complete gai.conf), in the given line ending. */
export function renderManagedBlock(content: string, eol = '\n'): string {
  for (const [i, l] of linesOf(content).entries()) {
    if (isBegin(l.text) || isEnd(l.text)) {
      throw new ManagedBlockError(`the content's line ${i + 1} is a managed-block marker ("${l.text.trim()}")`, 'give the policy itself, not a file that already holds a managed block: strip the BEGIN/END lines', 0);
    }
  }
  const body = content === '' || content.endsWith('\n') ? content : `${content}\n`;
  const lines = [BEGIN_LINE, ...body.split('\n').slice(0, -1).map((l) => l.replace(/\r$/, '')), BLOCK_END];
  return lines.map((l) => l + eol).join('');
}

function eolOf(text: string): string {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length;
  return crlf > 0 && crlf * 2 >= lf ? '\r\n' : '\n';
}

/**
 * Put `content` into `existing` (null: no file) as the managed block, by the rules at the top
 * of this file. Throws ManagedBlockError on broken markers or a content that holds markers.
 */
export function placeManagedBlock(existing: string | null, content: string): Placement {
  if (existing === null) {
    const text = renderManagedBlock(content);
    return { text, mode: 'created', discarded: [], changed: true };
  }
  const eol = eolOf(existing);
  const block = renderManagedBlock(content, eol);
  const found = findManagedBlock(existing);
  if (found) {
    let replacement = block;
    // a block at the very end of a file without a final newline keeps that shape
    if (found.end === existing.length && !existing.endsWith('\n')) replacement = block.slice(0, -eol.length);
    const text = existing.slice(0, found.start) + replacement + existing.slice(found.end);
    return { text, mode: 'block-replaced', discarded: [], changed: text !== existing };
  }
  const active = activeLines(existing);
  if (active.length > 0) return { text: block, mode: 'file-replaced', discarded: active, changed: block !== existing };
  const sep = (existing === '' || existing.endsWith('\n') ? '' : eol) + (existing.trim() === '' ? '' : eol);
  const text = existing + sep + block;
  return { text, mode: 'appended', discarded: [], changed: true };
}
