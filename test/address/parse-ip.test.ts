// parseIp dispatches on the colon; it must accept exactly what glibc's order (inet_pton
// AF_INET, then AF_INET6) accepts, with the same bytes.
import { describe, expect, it } from 'vitest';
import { inetPton4, inetPton6 } from '../../src/address/inet-pton.js';
import { parseIp } from '../../src/address/ip.js';

function reference(text: string): { family: 4 | 6; bytes: number[] } | null {
  const v4 = inetPton4(text);
  if (v4) return { family: 4, bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, ...v4] };
  const v6 = inetPton6(text);
  return v6 ? { family: 6, bytes: [...v6] } : null;
}

describe('parseIp', () => {
  it('agrees with inet_pton(AF_INET) then inet_pton(AF_INET6) on random address-like text', () => {
    let a = 6724;
    const next = () => ((a = (Math.imul(a, 1103515245) + 12345) >>> 0) >>> 8) / 16777216;
    const alphabet = ['0', '1', '2', '5', '9', 'a', 'f', 'F', 'g', '.', ':', '::', '25', '255', '256', '00', '1.2.3.4', ' ', '%'];
    let accepted4 = 0;
    let accepted6 = 0;
    for (let k = 0; k < 40000; k++) {
      let text = '';
      const n = 1 + Math.floor(next() * 14);
      for (let i = 0; i < n; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      const want = reference(text);
      const got = parseIp(text);
      expect(got && { family: got.family, bytes: [...got.bytes] }).toEqual(want);
      if (want?.family === 4) accepted4++;
      if (want?.family === 6) accepted6++;
    }
    expect(accepted4).toBeGreaterThan(50);
    expect(accepted6).toBeGreaterThan(50);
  });

  it.each([
    ['192.0.2.1', 4],
    ['::ffff:192.0.2.1', 6],
    ['2001:db8::1', 6],
    ['010.1.1.1', null],
    ['1.2.3', null],
    ['1.2.3.4.5', null],
    ['fe80::1%eth0', null],
  ])('%s → family %s', (text, family) => {
    expect(parseIp(text)?.family ?? null).toBe(family);
  });
});
