// `addr[/len]` text (already validated) → address and length, and the 128-bit view of it.
import { parseIp, type Ip } from '../address/ip.js';

export function parseCidr(text: string): { ip: Ip; len: number } {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) throw new Error(`bad address ${text}`);
  const len = slash < 0 ? (ip.family === 4 ? 32 : 128) : Number(text.slice(slash + 1));
  return { ip, len };
}

/** Prefix length over the 16-byte form (IPv4 sits behind the 96-bit mapped prefix). */
export const bits128 = (ip: Ip, len: number): number => (ip.family === 4 ? 96 + len : len);
