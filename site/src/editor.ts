// A plain textarea with a line-number gutter that marks the lines with findings, and the
// findings listed under it: each names its line and column and moves the caret there.
import { byId, fill, h } from './dom.js';

export interface Finding {
  severity: 'error' | 'warning' | 'info';
  /** 1-based; absent: about the whole field. */
  line?: number;
  column?: number;
  code?: string;
  message: string;
  hint?: string;
}

/** Moves a textarea's caret to line:column (1-based), focuses it and scrolls the line into view. */
export function goTo(textarea: HTMLTextAreaElement, line: number, column = 1): void {
  const lines = textarea.value.split('\n');
  let offset = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i]!.length + 1;
  offset += Math.max(0, Math.min(column - 1, (lines[line - 1] ?? '').length));
  textarea.focus();
  textarea.setSelectionRange(offset, offset);
  // The textarea does not scroll when only the selection moves.
  const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
  const top = (line - 1) * lineHeight;
  if (top < textarea.scrollTop || top > textarea.scrollTop + textarea.clientHeight - lineHeight) textarea.scrollTop = Math.max(0, top - textarea.clientHeight / 3);
}

export class Editor {
  readonly textarea: HTMLTextAreaElement;
  private readonly gutter: HTMLElement | null;
  private readonly list: HTMLElement;
  private lines = -1;
  private marks = '';

  constructor(id: string) {
    this.textarea = byId<HTMLTextAreaElement>(id);
    this.gutter = document.getElementById(`${id}-gutter`);
    this.list = byId(`${id}-findings`);
    if (this.gutter) this.textarea.addEventListener('scroll', () => this.syncScroll(), { passive: true });
  }

  get value(): string {
    return this.textarea.value;
  }

  set value(text: string) {
    if (this.textarea.value !== text) this.textarea.value = text;
  }

  private syncScroll(): void {
    if (this.gutter) this.gutter.scrollTop = this.textarea.scrollTop;
  }

  /** Moves the caret to line:column and focuses the editor. */
  goTo(line: number, column = 1): void {
    goTo(this.textarea, line, column);
    this.syncScroll();
  }

  show(findings: readonly Finding[], emptyText = ''): void {
    const worst = findings.some((f) => f.severity === 'error') ? 'error' : findings.some((f) => f.severity === 'warning') ? 'warning' : null;
    if (worst === 'error') this.textarea.setAttribute('aria-invalid', 'true');
    else this.textarea.removeAttribute('aria-invalid');
    this.renderGutter(findings);
    fill(
      this.list,
      findings.length === 0 && emptyText ? h('li', { class: 'finding ok' }, emptyText) : null,
      findings.map((f) => {
        const where = f.line !== undefined ? `line ${f.line}${f.column !== undefined ? `, column ${f.column}` : ''}` : null;
        return h(
          'li',
          { class: `finding ${f.severity}` },
          h('span', { class: 'severity' }, f.severity),
          f.code ? h('code', { class: 'code' }, f.code) : null,
          where
            ? h('button', { type: 'button', class: 'link where', onclick: () => this.goTo(f.line!, f.column) }, where)
            : null,
          ' ',
          h('span', { class: 'message' }, f.message),
          f.hint ? h('span', { class: 'hint' }, h('span', { class: 'hint-label' }, 'hint: '), f.hint) : null,
        );
      }),
    );
  }

  private renderGutter(findings: readonly Finding[]): void {
    if (!this.gutter) return;
    const count = this.textarea.value.split('\n').length;
    const bad = new Map<number, string>();
    for (const f of findings) {
      if (f.line === undefined) continue;
      const prev = bad.get(f.line);
      if (prev !== 'error') bad.set(f.line, f.severity === 'error' ? 'error' : (prev ?? f.severity));
    }
    const marks = [...bad.entries()].map(([l, s]) => `${l}${s}`).join(',');
    if (count === this.lines && marks === this.marks) return;
    this.lines = count;
    this.marks = marks;
    const rows: Node[] = [];
    for (let i = 1; i <= count; i++) {
      const s = bad.get(i);
      rows.push(s ? h('span', { class: `mark ${s}`, title: s }, String(i)) : document.createTextNode(String(i)));
      rows.push(document.createTextNode('\n'));
    }
    fill(this.gutter, rows);
    this.syncScroll();
  }
}
