// Put a managed gai.conf block into a Dockerfile: right after the FINAL stage's FROM (after its
// continuation lines), or in place of the managed block already there. Idempotent, and every
// byte outside the block is kept (CRLF files keep CRLF). Positions come from dockerfile-ast.
// Pure: text in, text out; plus the unified diff the CLI prints.

import { EmitError, HEREDOC_NOTE, MANAGED_MARKER, parseDockerfile } from './dockerfile.js';

export interface PatchResult {
  text: string;
  changed: boolean;
}

/** Offsets where each line starts, with the line breaks dockerfile-ast (a TextDocument) sees. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Offset just past line `line` including its line break (text length for the last line). */
function afterLine(starts: number[], text: string, line: number): number {
  return line + 1 < starts.length ? starts[line + 1]! : text.length;
}

/** The comment before the instructions that give the stage its user back after `USER root`. */
export const RESTORE_NOTE = '# gaiconf: back to the user this stage runs as';

/** Comment lines of a block between its marker and its instruction: our notes, the `--comments brief` line. */
function isNoteLine(line: string): boolean {
  return line === HEREDOC_NOTE || (line.startsWith('# gaiconf: ') && line !== MANAGED_MARKER && line !== RESTORE_NOTE);
}

/**
 * The block run as root: `USER root` before its RUN, then RESTORE_NOTE and `restore` (ARG lines
 * a USER needs, then that USER) after it, so a stage that inherits a non-root USER can still
 * write /etc/gai.conf and runs as before afterwards. A block without RUN (copy) is returned as is:
 * COPY writes as root whatever the USER.
 */
export function runAsRoot(block: string, restore: readonly string[]): string {
  const text = block.endsWith('\n') ? block : `${block}\n`;
  const at = text.search(/^RUN /m);
  if (at < 0 || restore.length === 0) return block;
  for (const l of restore) if (/[\r\n]/.test(l)) throw new Error(`restore line ${JSON.stringify(l)} is not one line`);
  return `${text.slice(0, at)}USER root\n${text.slice(at)}${RESTORE_NOTE}\n${restore.map((l) => `${l}\n`).join('')}`;
}

interface Block {
  start: number;
  end: number;
}

/**
 * Managed blocks after line `fromLine`: the marker comment, our note comments right after it,
 * and the instruction after those when it is a RUN or COPY that names gai.conf. A marker whose
 * instruction was deleted by hand is a block of its comment lines only.
 */
function managedBlocks(text: string, fromLine: number): Block[] {
  const df = parseDockerfile(text);
  const starts = lineStarts(text);
  const lineText = (n: number) => text.slice(starts[n]!, afterLine(starts, text, n)).replace(/\r?\n$|\r$/, '').trim();
  const blocks: Block[] = [];
  const instructions = df.getInstructions();
  const comments = df.getComments().filter((c) => c.getRange().start.line > fromLine && lineText(c.getRange().start.line) === MANAGED_MARKER);
  const at = (line: number) => instructions.find((i) => i.getRange().start.line === line);
  const is = (line: number, keyword: string) => at(line)?.getKeyword().toUpperCase() === keyword;
  for (const c of comments) {
    const first = c.getRange().start.line;
    let last = first;
    while (last + 1 < starts.length && isNoteLine(lineText(last + 1))) last++;
    // a block run as root: USER root, the RUN, then RESTORE_NOTE, ARG lines and the stage's USER
    const asRoot = is(last + 1, 'USER') && (at(last + 1)!.getArgumentsContent() ?? '').trim() === 'root';
    const next = at(asRoot ? last + 2 : last + 1);
    if (next && /^(RUN|COPY)$/i.test(next.getKeyword()) && (next.getRawArgumentsContent() ?? '').includes('gai.conf')) {
      last = next.getRange().end.line;
      if (asRoot && lineText(last + 1) === RESTORE_NOTE) {
        last++;
        while (is(last + 1, 'ARG')) last = at(last + 1)!.getRange().end.line;
        if (is(last + 1, 'USER')) last = at(last + 1)!.getRange().end.line;
      }
    }
    const block = { start: starts[first]!, end: afterLine(starts, text, last) };
    // a marker inside an earlier block's heredoc is content, not a block
    if (!blocks.some((b) => block.start < b.end)) blocks.push(block);
  }
  return blocks;
}

/**
 * The block in the file's line ending. A heredoc body keeps its bytes (they are the file being
 * written); the Dockerfile lines around it get CRLF in a CRLF file.
 */
function withEol(block: string, eol: string): string {
  const text = block.endsWith('\n') ? block : `${block}\n`;
  if (eol === '\n') return text;
  const lines = text.slice(0, -1).split('\n');
  let delim: string | null = null;
  const out = lines.map((line) => {
    if (delim !== null) {
      if (line === delim) {
        delim = null;
        return `${line}${eol}`;
      }
      return `${line}\n`;
    }
    const m = /<<-?'([^']+)'/.exec(line);
    if (/^RUN\s/i.test(line) && m) delim = m[1]!;
    return `${line.replace(/\r$/, '')}${eol}`;
  });
  return out.join('');
}

/**
 * Insert `runBlock` (a managed block from dockerfileRun/heredocRun/copyInstruction) after the
 * final stage's FROM, or replace the managed block(s) already in the final stage. Later
 * duplicates in the final stage are removed. Throws EmitError when there is no FROM.
 */
export function patchDockerfile(text: string, runBlock: string): PatchResult {
  const df = parseDockerfile(text);
  const froms = df.getFROMs();
  const last = froms[froms.length - 1];
  if (!last) throw new EmitError('the Dockerfile has no FROM instruction', 'gaiconf puts the block after the final stage\'s FROM: add one, e.g. "FROM debian:bookworm-slim"');
  const starts = lineStarts(text);
  const fromEnd = last.getRange().end.line;
  const insertAt = afterLine(starts, text, fromEnd);
  const lineBreak = /\r\n$|\n$|\r$/.exec(text.slice(starts[fromEnd]!, insertAt))?.[0];
  const eol = lineBreak === '\r\n' || (!lineBreak && /\r\n/.test(text) && !/(^|[^\r])\n/.test(text)) ? '\r\n' : '\n';
  const block = withEol(runBlock, eol);
  const blocks = managedBlocks(text, fromEnd);
  let out: string;
  if (blocks.length === 0) {
    const sep = lineBreak ? '' : eol;
    out = text.slice(0, insertAt) + sep + block + text.slice(insertAt);
  } else {
    out = text.slice(0, blocks[0]!.start);
    let replacement = block;
    // the last line of the file may lack a line break; keep it that way
    if (blocks[0]!.end === text.length && !/\r?\n$|\r$/.test(text)) replacement = block.replace(/\r?\n$/, '');
    out += replacement;
    let pos = blocks[0]!.end;
    for (const b of blocks.slice(1)) {
      out += text.slice(pos, b.start);
      pos = b.end;
    }
    out += text.slice(pos);
  }
  return { text: out, changed: out !== text };
}

// ---------------------------------------------------------------------------------------------
// Unified diff (what `gaiconf dockerfile patch` prints): linear in time and memory, shared with
// `gaiconf lint --fix` and `gaiconf apply`.

export { unifiedDiff } from './unified-diff.js';
