// The page's whole state, and its form in the URL fragment: JSON, deflate-raw compressed by the
// browser's own CompressionStream, base64url. `#z1.<data>`; `#j1.<data>` is the same without
// compression (a browser without CompressionStream writes it; every version reads both).
import { OUTPUT_FORMATS, type AiFlag, type OutputFormat, type QueryFamily } from '../../src/index.js';

export const FLAGS: readonly AiFlag[] = ['AI_ADDRCONFIG', 'AI_V4MAPPED', 'AI_ALL', 'AI_CANONNAME'];
export const FAMILIES: readonly QueryFamily[] = ['AF_UNSPEC', 'AF_INET', 'AF_INET6'];
export const GLIBC_VERSIONS = ['2.36', '2.41'] as const;

export interface State {
  /** The scenario's name ('' for none). */
  name: string;
  /** The host editor's text: a scenario `host` object as JSON, exactly as typed. */
  host: string;
  /** gai.conf text; '' is no gai.conf. */
  gaiConf: string;
  /** The records, in resolver order, one per line (commas and spaces separate too). */
  records: string;
  /** The query name ('' for none). */
  qname: string;
  family: QueryFamily;
  flags: AiFlag[];
  glibc: string;
  /** What the fix asks for: the first answer (ipv6, ipv4 or an address), or an order. */
  wantMode: 'first' | 'order';
  wantFirst: string;
  wantOrder: string;
  format: OutputFormat;
}

export const STATE_KEYS = ['name', 'host', 'gaiConf', 'records', 'qname', 'family', 'flags', 'glibc', 'wantMode', 'wantFirst', 'wantOrder', 'format'] as const satisfies readonly (keyof State)[];

/** A state from anything (a decoded fragment): wrong or missing fields take `fallback`'s. */
export function coerceState(v: unknown, fallback: State): State {
  const o = typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const str = (k: keyof State): string => (typeof o[k] === 'string' ? (o[k] as string) : (fallback[k] as string));
  const flags = Array.isArray(o.flags) ? FLAGS.filter((f) => (o.flags as unknown[]).includes(f)) : fallback.flags;
  return {
    name: str('name'),
    host: str('host'),
    gaiConf: str('gaiConf'),
    records: str('records'),
    qname: str('qname'),
    family: FAMILIES.includes(o.family as QueryFamily) ? (o.family as QueryFamily) : fallback.family,
    flags,
    glibc: (GLIBC_VERSIONS as readonly string[]).includes(o.glibc as string) ? (o.glibc as string) : fallback.glibc,
    wantMode: o.wantMode === 'order' || o.wantMode === 'first' ? o.wantMode : fallback.wantMode,
    wantFirst: str('wantFirst'),
    wantOrder: str('wantOrder'),
    format: (OUTPUT_FORMATS as readonly string[]).includes(o.format as string) ? (o.format as OutputFormat) : fallback.format,
  };
}

// ---------------------------------------------------------------------------------------------
// base64url

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function through(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

const canCompress = (): boolean => typeof CompressionStream === 'function' && typeof DecompressionStream === 'function';

/** The state as a URL fragment (without the '#'). Only the state's own keys, in a fixed order. */
export async function encodeState(state: State): Promise<string> {
  const plain: Record<string, unknown> = {};
  for (const k of STATE_KEYS) plain[k] = state[k];
  const bytes = new TextEncoder().encode(JSON.stringify(plain));
  if (canCompress()) {
    try {
      return `z1.${toBase64Url(await through(bytes, new CompressionStream('deflate-raw' as CompressionFormat)))}`;
    } catch {
      // deflate-raw unknown to this browser
    }
  }
  return `j1.${toBase64Url(bytes)}`;
}

const FRAGMENT = /^#?([zj])1\.([A-Za-z0-9_-]*)$/;

/** Whether a fragment (with or without '#') is a state this page wrote. */
export function isStateFragment(fragment: string): boolean {
  return FRAGMENT.test(fragment);
}

/** A fragment (with or without '#') → the decoded JSON value, or null when it is not one of ours. */
export async function decodeFragment(fragment: string): Promise<unknown> {
  const m = FRAGMENT.exec(fragment);
  if (!m) return null;
  try {
    let bytes = fromBase64Url(m[2]!);
    if (m[1] === 'z') bytes = await through(bytes, new DecompressionStream('deflate-raw' as CompressionFormat));
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    return null;
  }
}
