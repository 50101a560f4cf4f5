// The scenario text the host plan reads (addresses, prefixes, interface names, tables) checked and
// written back the way `ip` takes it, and the refusal every part of the plan throws for what the
// kernel or `ip` cannot reproduce. Shared by the plan's address, route, rule and label parts.

import type { Ip } from '../../src/address/ip.js';
import { parseIp } from '../../src/address/ip.js';
import { formatIp } from '../../src/address/format.js';
import { maskBytes } from '../../src/address/prefix.js';
import type { RouteTable, ScenarioAddress } from '../../src/scenario/types.js';

/** A scenario feature the kernel or `ip` cannot reproduce; callers skip such scenarios. */
export class UnsupportedByHostBuilder extends Error {
  constructor(what: string) {
    super(`unsupported by host builder: ${what}`);
    this.name = 'UnsupportedByHostBuilder';
  }
}

export interface Cidr {
  ip: Ip;
  len: number;
}

export function parseCidr(text: string, what: string): Cidr {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const ip = parseIp(addrText);
  if (!ip) throw new Error(`${what}: invalid address ${JSON.stringify(text)}`);
  const max = ip.family === 4 ? 32 : 128;
  if (slash < 0) return { ip, len: max };
  const lenText = text.slice(slash + 1);
  const len = Number(lenText);
  if (!/^\d{1,3}$/.test(lenText) || len > max) {
    throw new Error(`${what}: invalid prefix length in ${JSON.stringify(text)}`);
  }
  return { ip, len };
}

export function parseHostAddress(text: string, what: string): Ip {
  const ip = parseIp(text);
  if (!ip) throw new Error(`${what}: invalid address ${JSON.stringify(text)}`);
  return ip;
}

export const cidrText = (c: Cidr): string => `${formatIp(c.ip)}/${c.len}`;
/** matchesPrefix works on 16-byte forms, where IPv4 sits behind the 96-bit mapped prefix. */
export const prefixBits = (c: Cidr): number => (c.ip.family === 4 ? c.len + 96 : c.len);
export const maskedText = (c: Cidr): string => `${formatIp({ family: c.ip.family, bytes: maskBytes(c.ip.bytes, prefixBits(c)) })}/${c.len}`;
export const isLinkLocal6 = (ip: Ip): boolean => ip.family === 6 && ip.bytes[0] === 0xfe && (ip.bytes[1]! & 0xc0) === 0x80;

/** A batch line is split on blanks by `ip`; a name with a blank would smuggle in arguments. */
export function checkInterfaceName(name: string): void {
  if (!/^[A-Za-z0-9_.@+-]{1,15}$/.test(name) || name === '.' || name === '..') {
    throw new Error(`interface name ${JSON.stringify(name)} is not a valid Linux interface name`);
  }
}

export function addressObject(a: ScenarioAddress) {
  return typeof a === 'string' ? { address: a } : a;
}

export const TABLE_IDS = { main: 254, local: 255, default: 253 } as const;
export const tableId = (t: RouteTable | undefined): number => (t === undefined ? TABLE_IDS.main : typeof t === 'number' ? t : TABLE_IDS[t]);
/** iproute2 knows the three names; any other table is its number. */
export const tableWord = (t: RouteTable): string => String(t);
