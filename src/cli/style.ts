// Colour only on a TTY, and never when NO_COLOR is set to a non-empty value (no-color.org: "when
// present and not an empty string"; an empty NO_COLOR disables nothing).
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

const wrap = (on: boolean, code: number, off: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[${off}m` : s);

export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Style {
  const on = !!stream.isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
  return { bold: wrap(on, 1, 22), dim: wrap(on, 2, 22), red: wrap(on, 31, 39), green: wrap(on, 32, 39), yellow: wrap(on, 33, 39) };
}

/** Pad to a visible width (escape sequences excluded). */
export function pad(s: string, width: number): string {
  // eslint-disable-next-line no-control-regex
  const visible = s.replace(/\u001b\[[0-9;]*m/g, '').length;
  return s + ' '.repeat(Math.max(0, width - visible));
}

export function table(rows: string[][], gap = 2): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.replace(/\u001b\[[0-9;]*m/g, '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]! + gap))).join('').trimEnd()).join('\n');
}
