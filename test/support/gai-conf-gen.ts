// Seeded near-valid gai.conf files (as bytes): the lines people write and the ways they go
// wrong, from a small pool of prefixes so that lines repeat, nest and collide. Used by the
// lint --fix property test and the fuzz suite.

const PREFIXES = [
  '::1', '::', '2001:db8::', '2001:db8:1::', '2001:db8::1', 'fd00::', 'fc00::', '2002::', '2002:8000::', '::ffff:0:0',
  '::ffff:198.51.100.0', '::ffff:100.64.0.0', 'fe80::', 'fe80::1', '198.51.100.0', '100.64.0.0', '10.0.0.0',
  '169.254.0.0', '127.0.0.0', '0.0.0.0', '2001:db8::%eth0', '[::1]', '2001:db8:::1',
];
const LENGTHS = [null, null, '', '0', '1', '7', '8', '16', '17', '24', '32', '48', '64', '96', '104', '112', '120', '128', '129', '0x10', '-1'];
const KEYWORDS = ['label', 'precedence', 'precedence', 'scopev4', 'label', 'precedence', 'reload', 'presedence', 'Label'];
const DEFAULT_TABLES = [
  ['label ::1/128 0', 'label ::/0 1', 'label 2002::/16 2', 'label ::/96 3', 'label ::ffff:0:0/96 4', 'label fec0::/10 5', 'label fc00::/7 6', 'label 2001:0::/32 7'],
  ['precedence ::1/128 50', 'precedence ::/0 40', 'precedence 2002::/16 30', 'precedence ::/96 20', 'precedence ::ffff:0:0/96 10'],
  ['scopev4 169.254.0.0/16 2', 'scopev4 127.0.0.0/8 2', 'scopev4 0.0.0.0/0 14'],
];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function line(r: () => number): Buffer {
  const roll = r();
  if (roll < 0.08) return Buffer.from('');
  if (roll < 0.14) return Buffer.from(`# ${pick(r, ['comment', 'prefer IPv4', 'listen on ::'])}`);
  if (roll < 0.17) return Buffer.concat([Buffer.from('# caf'), Buffer.from([pick(r, [0xe9, 0xff, 0xc3])]), Buffer.from(' byte')]);
  if (roll < 0.2) return Buffer.from(`reload ${pick(r, ['yes', 'no', 'YES'])}`);
  const kw = pick(r, KEYWORDS);
  const prefix = pick(r, PREFIXES);
  const len = pick(r, LENGTHS);
  const value = r() < 0.12 ? '' : r() < 0.05 ? ' 0x10' : ` ${Math.floor(r() * 60)}`;
  const ws = r() < 0.1 ? '\t' : ' ';
  let text = `${r() < 0.05 ? '  ' : ''}${kw}${ws}${prefix}${len === null ? '' : `/${len}`}${value}`;
  if (r() < 0.08) text += ' # note';
  if (r() < 0.03) text += '#glued';
  if (r() < 0.03) text += ' extra';
  return Buffer.from(text);
}

/** One file: 1–14 lines, sometimes a whole default table first, sometimes CRLF. */
export function nearValidGaiConf(r: () => number): Buffer {
  const lines: Buffer[] = [];
  if (r() < 0.3) for (const l of pick(r, DEFAULT_TABLES)) lines.push(Buffer.from(l));
  const n = 1 + Math.floor(r() * 14);
  for (let i = 0; i < n; i++) lines.push(line(r));
  const crlf = r() < 0.1;
  const eol = Buffer.from(crlf ? '\r\n' : '\n');
  const parts: Buffer[] = [];
  lines.forEach((l, i) => {
    parts.push(l);
    if (i < lines.length - 1 || r() < 0.9) parts.push(eol);
  });
  return Buffer.concat(parts);
}
