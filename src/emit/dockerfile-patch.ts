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

const NOTE_LINES = new Set([MANAGED_MARKER, HEREDOC_NOTE].map((l) => l.trim()));

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
  for (const c of comments) {
    const first = c.getRange().start.line;
    let last = first;
    while (last + 1 < starts.length && NOTE_LINES.has(lineText(last + 1)) && lineText(last + 1) !== MANAGED_MARKER) last++;
    const next = instructions.find((i) => i.getRange().start.line === last + 1);
    if (next && /^(RUN|COPY)$/i.test(next.getKeyword()) && (next.getRawArgumentsContent() ?? '').includes('gai.conf')) {
      last = next.getRange().end.line;
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
// Unified diff (what `gaiconf dockerfile patch` prints)

function splitKeep(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

type Op = { kind: ' ' | '-' | '+'; line: string };

function diffOps(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const x = a.slice(pre, a.length - suf);
  const y = b.slice(pre, b.length - suf);
  // LCS table over the changed middle only (patches change a few lines)
  const w = y.length + 1;
  const t = new Uint32Array((x.length + 1) * w);
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      t[i * w + j] = x[i] === y[j] ? t[(i + 1) * w + j + 1]! + 1 : Math.max(t[(i + 1) * w + j]!, t[i * w + j + 1]!);
    }
  }
  const ops: Op[] = a.slice(0, pre).map((line) => ({ kind: ' ', line }));
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      ops.push({ kind: ' ', line: x[i++]! });
      j++;
    } else if (i < x.length && (j === y.length || t[(i + 1) * w + j]! >= t[i * w + j + 1]!)) {
      ops.push({ kind: '-', line: x[i++]! });
    } else {
      ops.push({ kind: '+', line: y[j++]! });
    }
  }
  for (const line of a.slice(a.length - suf)) ops.push({ kind: ' ', line });
  return ops;
}

/** A unified diff (`diff -u` style, 3 lines of context); '' when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, names: { old: string; new: string }, context = 3): string {
  if (oldText === newText) return '';
  const ops = diffOps(splitKeep(oldText), splitKeep(newText));
  const out = [`--- ${names.old}\n`, `+++ ${names.new}\n`];
  const changed = ops.map((o, k) => (o.kind === ' ' ? -1 : k)).filter((k) => k >= 0);
  let h = 0;
  while (h < changed.length) {
    let from = Math.max(0, changed[h]! - context);
    let to = Math.min(ops.length, changed[h]! + context + 1);
    while (h + 1 < changed.length && changed[h + 1]! - context <= to) {
      h++;
      to = Math.min(ops.length, changed[h]! + context + 1);
    }
    h++;
    let oldStart = 1;
    let newStart = 1;
    for (let k = 0; k < from; k++) {
      if (ops[k]!.kind !== '+') oldStart++;
      if (ops[k]!.kind !== '-') newStart++;
    }
    const hunk = ops.slice(from, to);
    const oldLen = hunk.filter((o) => o.kind !== '+').length;
    const newLen = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${oldLen === 0 ? oldStart - 1 : oldStart},${oldLen} +${newLen === 0 ? newStart - 1 : newStart},${newLen} @@\n`);
    for (const o of hunk) {
      out.push(o.kind + o.line);
      if (!o.line.endsWith('\n')) out.push('\n\\ No newline at end of file\n');
    }
    from = to;
  }
  return out.join('');
}
