// The managed block `gaiconf apply` owns in /etc/gai.conf (src/emit/managed-block.ts).
import { describe, expect, it } from 'vitest';
import { activeLines, BEGIN_LINE, BLOCK_END, findManagedBlock, ManagedBlockError, placeManagedBlock, renderManagedBlock } from '../../src/emit/managed-block.js';

const POLICY = 'precedence ::1/128 50\nprecedence ::/0 40\nprecedence 2002::/16 30\nprecedence ::/96 20\nprecedence ::ffff:0:0/96 100\n';
const OTHER = 'label ::1/128 0\nlabel ::/0 1\n';

describe('placeManagedBlock', () => {
  it('no file: the block alone', () => {
    const p = placeManagedBlock(null, POLICY);
    expect(p.mode).toBe('created');
    expect(p.text).toBe(`${BEGIN_LINE}\n${POLICY}${BLOCK_END}\n`);
  });

  it('comments only (Debian sample): the block is appended, the comments stay', () => {
    const old = '# Configuration for getaddrinfo(3).\n#\n#precedence ::ffff:0:0/96  100\n';
    const p = placeManagedBlock(old, POLICY);
    expect(p.mode).toBe('appended');
    expect(p.text.startsWith(old)).toBe(true);
    expect(p.text.endsWith(`${BLOCK_END}\n`)).toBe(true);
  });

  it('a block already there: only the block changes, bytes around it stay', () => {
    const before = '# mine\n\n';
    const after = '# trailer\n';
    const old = before + renderManagedBlock(OTHER) + after;
    const p = placeManagedBlock(old, POLICY);
    expect(p.mode).toBe('block-replaced');
    expect(p.text).toBe(before + renderManagedBlock(POLICY) + after);
    // idempotent
    const again = placeManagedBlock(p.text, POLICY);
    expect(again).toMatchObject({ changed: false, text: p.text });
  });

  it('active lines outside a block: the whole file is replaced, and they are listed', () => {
    const old = '# old\nprecedence ::ffff:0:0/96 100\nlabel fd00::/8 1 # x\n';
    const p = placeManagedBlock(old, POLICY);
    expect(p.mode).toBe('file-replaced');
    expect(p.discarded).toEqual([2, 3]);
    expect(p.text).toBe(renderManagedBlock(POLICY));
  });

  it('keeps CRLF, and a final line without a newline', () => {
    const old = `# a\r\n${renderManagedBlock(OTHER, '\r\n')}# b\r\n`;
    const p = placeManagedBlock(old, POLICY);
    expect(p.text).toBe(`# a\r\n${renderManagedBlock(POLICY, '\r\n')}# b\r\n`);
    const noNl = `# a\n${renderManagedBlock(OTHER).slice(0, -1)}`;
    expect(placeManagedBlock(noNl, POLICY).text).toBe(`# a\n${renderManagedBlock(POLICY).slice(0, -1)}`);
  });

  it('broken markers are errors, never guessed', () => {
    expect(() => placeManagedBlock(`${BEGIN_LINE}\n${POLICY}`, POLICY)).toThrow(ManagedBlockError);
    expect(() => placeManagedBlock(`${POLICY}${BLOCK_END}\n`, POLICY)).toThrow(/without a/);
    expect(() => placeManagedBlock(renderManagedBlock(OTHER) + renderManagedBlock(OTHER), POLICY)).toThrow(/second managed block/);
    expect(() => placeManagedBlock(null, renderManagedBlock(OTHER))).toThrow(/marker/);
  });

  it('findManagedBlock and activeLines', () => {
    const text = `# x\n${renderManagedBlock(OTHER)}`;
    expect(findManagedBlock(text)).toMatchObject({ beginLine: 2, endLine: 5, start: 4, end: text.length });
    expect(findManagedBlock('# BEGIN gaiconfig is not ours\n')).toBeNull();
    expect(activeLines('# a\n  \nlabel x 1\n#b\nreload yes#c\n')).toEqual([3, 5]);
  });
});
