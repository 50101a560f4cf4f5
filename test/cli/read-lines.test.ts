// readLines against a reference that splits the whole text at once: every case runs the same
// chunk sequence through the reference (the decoded text, split at each `\n`, a `\r` right
// before it dropped, the unfinished last line kept unless the stream failed) and through
// readLines, and the lines (and the error, if any) must be the same. No expected lines are
// written by hand. JSON Lines: a lone `\r` is part of its line, never a line end.
import { StringDecoder } from 'node:string_decoder';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readLines } from '../../src/cli/read-lines.js';
import { prng } from '../support/prng.js';

type Chunk = Buffer | string;

const int = (rand: () => number, n: number): number => Math.floor(rand() * n);

interface Outcome {
  lines: string[];
  error?: unknown;
}

/** The reference: the stream's 'data' decoded and concatenated, split once at its end or error. */
function viaReference(input: Readable): Promise<Outcome> {
  return new Promise((resolve) => {
    let text = '';
    const decoder = new StringDecoder('utf8');
    input.on('data', (c: Chunk) => (text += typeof c === 'string' ? c : decoder.write(c)));
    const lines = (complete: boolean): string[] => {
      const parts = text.split('\n');
      const last = parts.pop()!;
      const out = parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
      if (complete && last !== '') out.push(last);
      return out;
    };
    input.on('end', () => resolve({ lines: lines(true) }));
    input.on('error', (error) => resolve({ lines: lines(false), error }));
  });
}

/** How onLine answers line number `n` (1-based): nothing, or a promise readLines must wait for. */
type Delay = (n: number) => Promise<void> | undefined;
const microtask: Delay = () => Promise.resolve();
const macrotask: Delay = () => new Promise((r) => setImmediate(r));
const timer: Delay = () => new Promise((r) => setTimeout(r, 1));

interface Observed extends Outcome {
  /** Lines delivered while an earlier line's promise had not settled. */
  overlaps: number;
  /** Line promises still pending when readLines' own promise settled. */
  pendingAtSettle: number;
}

async function viaReadLines(input: Readable, delay?: Delay): Promise<Observed> {
  const lines: string[] = [];
  let pending = 0;
  let overlaps = 0;
  const onLine = (line: string): Promise<void> | undefined => {
    if (pending !== 0) overlaps++;
    lines.push(line);
    const wait = delay?.(lines.length);
    if (!wait) return undefined;
    pending++;
    return wait.then(() => {
      pending--;
    });
  };
  try {
    await readLines(input, onLine);
    return { lines, overlaps, pendingAtSettle: pending };
  } catch (error) {
    return { lines, error, overlaps, pendingAtSettle: pending };
  }
}

// ---- Streams: each call gives a fresh stream with the same chunk sequence -------------------------

type Mode = 'buffer' | 'string' | 'encoding';

/**
 * - buffer: Buffer chunks, one 'data' event each (Readable.from, object mode);
 * - string: string chunks pushed as they are (Readable.from, object mode);
 * - encoding: Buffer chunks pushed into a byte stream with setEncoding('utf8'), which decodes them.
 */
function streamOf(mode: Mode, chunks: readonly Chunk[]): Readable {
  if (mode !== 'encoding') return Readable.from(chunks);
  const s = new Readable({ read() {} });
  s.setEncoding('utf8');
  for (const c of chunks) s.push(c);
  s.push(null);
  return s;
}

/** `bytes` split at the given sizes (the last chunk takes the rest). */
function splitBytes(bytes: Buffer, sizes: () => number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = Math.min(sizes(), bytes.length - i);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

/** `text` split at UTF-16 positions (may cut a surrogate pair: strings are only concatenated). */
function splitString(text: string, sizes: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = Math.min(sizes(), text.length - i);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

/** Chunks for `mode` from the same bytes. */
function chunksFor(mode: Mode, bytes: Buffer, sizes: () => number): Chunk[] {
  return mode === 'string' ? splitString(bytes.toString('utf8'), sizes) : splitBytes(bytes, sizes);
}

async function compare(mode: Mode, chunks: readonly Chunk[], delay?: Delay): Promise<{ expected: Outcome; actual: Observed }> {
  const expected = await viaReference(streamOf(mode, chunks));
  const actual = await viaReadLines(streamOf(mode, chunks), delay);
  return { expected, actual };
}

const show = (chunks: readonly Chunk[]): string =>
  JSON.stringify(chunks.map((c) => (typeof c === 'string' ? c : `<${c.toString('hex')}>`)));

// ---- Random property test ---------------------------------------------------------------------------

const PIECES = ['a', 'é', '€', '😀', '\n', '\r', '\r\n', '\r\r\n\n', ' ', '{"x":1}', '', 'line', '\n\n', '\r\r'];
/** Not UTF-8: a stray continuation byte, a bad lead byte and sequences cut short. */
const INVALID = [[0x80], [0xff], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98]];

function randomBytes(rand: () => number, allowInvalid: boolean): Buffer {
  const count = rand() < 0.1 ? int(rand, 200) : int(rand, 30);
  const parts: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    if (allowInvalid && rand() < 0.08) parts.push(Buffer.from(INVALID[int(rand, INVALID.length)]!));
    else parts.push(Buffer.from(PIECES[int(rand, PIECES.length)]!, 'utf8'));
  }
  return Buffer.concat(parts);
}

/** Chunk sizes in 1..64, mostly small so that sequences and `\r\n` are often cut. */
function randomSizes(rand: () => number): () => number {
  const max = [1, 2, 3, 4, 7, 16, 64][int(rand, 7)]!;
  return () => 1 + int(rand, max);
}

const SEED = 0x5eed1e5;
const CASES = 3000; // × 3 modes
const MODES: Mode[] = ['buffer', 'string', 'encoding'];

describe('readLines splits JSON Lines: \\n ends a line, \\r\\n too, a lone \\r does not', () => {
  it(`random texts and chunkings: ${CASES} texts × ${MODES.length} modes, seed ${SEED}`, async () => {
    const rand = prng(SEED);
    let compared = 0;
    let withCr = 0;
    let crlfSplit = 0;
    for (let i = 0; i < CASES; i++) {
      const bytes = randomBytes(rand, rand() < 0.3);
      for (const mode of MODES) {
        const chunks = chunksFor(mode, bytes, randomSizes(rand));
        // Every fourth case answers with promises, so the same lines must also come out under backpressure.
        const r = rand();
        const delay = r < 0.75 ? undefined : r < 0.875 ? microtask : macrotask;
        const { expected, actual } = await compare(mode, chunks, delay);
        const where = `case ${i}, ${mode}, ${delay ? 'async' : 'sync'} onLine, chunks ${show(chunks)}`;
        expect(actual.error, where).toBeUndefined();
        expect(actual.lines, where).toEqual(expected.lines);
        expect(actual.overlaps, where).toBe(0);
        expect(actual.pendingAtSettle, where).toBe(0);
        compared++;
        if (bytes.includes(13)) withCr++;
        for (let k = 1; k < chunks.length; k++) {
          const prev = chunks[k - 1]!;
          const next = chunks[k]!;
          const endsCr = typeof prev === 'string' ? prev.endsWith('\r') : prev[prev.length - 1] === 13;
          const startsLf = typeof next === 'string' ? next.startsWith('\n') : next[0] === 10;
          if (endsCr && startsLf) crlfSplit++;
        }
      }
    }
    expect(compared).toBe(CASES * MODES.length);
    // The generator does reach the interesting inputs.
    expect(withCr).toBeGreaterThan(compared / 2);
    expect(crlfSplit).toBeGreaterThan(500);
  }, 30_000);

  it('a lone \\r stays in its line (a JSON Lines record is never split by one); \\r\\n ends a line like \\n', async () => {
    const { actual } = await compare('buffer', [Buffer.from('{"a":\r1}\r\n{"b":2}\n\r\n \r \nlast\r')]);
    expect(actual.lines).toEqual(['{"a":\r1}', '{"b":2}', '', ' \r ', 'last\r']);
  });

  it('a 20 MB line in 64 KiB chunks comes out whole, once', async () => {
    const line = `{"name":"${'x'.repeat(20 << 20)}"}`;
    const bytes = Buffer.from(`{"a":1}\n${line}\n{"b":2}`);
    const chunks = splitBytes(bytes, () => 65536);
    const { actual } = await compare('buffer', chunks);
    expect(actual.lines.length).toBe(3);
    expect(actual.lines[1] === line).toBe(true);
  });

  it('a line longer than maxLineLength is reported by its length, not handed on', async () => {
    const lines: string[] = [];
    const overlong: number[] = [];
    await readLines(Readable.from(['ab\n', 'x'.repeat(5), 'y'.repeat(5), '\ncd\n', 'z'.repeat(20)]), (l) => void lines.push(l), { maxLineLength: 8, onOverlong: (n) => void overlong.push(n) });
    expect(lines).toEqual(['ab', 'cd']);
    expect(overlong).toEqual([10, 20]);
  });

  // ---- Edge cases ----------------------------------------------------------------------------------

  /** Each text whole, in 1-byte (or 1-code-unit) chunks and cut after every `\r`. */
  const EDGE_TEXTS = ['', '\n', '\r', '\r\n', '\n\n', '\r\r', '\n\r', 'abc', 'a\nb', 'a\r', 'a\r\n', 'a\rb', 'a\r\r\nb\n', '😀\r€\né', ' \n \r '];

  for (const mode of MODES) {
    it(`edge texts (${mode} chunks), each whole, byte by byte and cut after each \\r`, async () => {
      for (const text of EDGE_TEXTS) {
        const bytes = Buffer.from(text, 'utf8');
        const chunkings: Chunk[][] = [
          chunksFor(mode, bytes, () => Infinity),
          chunksFor(mode, bytes, () => 1),
          mode === 'string'
            ? text.split(/(?<=\r)/).filter((c) => c !== '')
            : text.split(/(?<=\r)/).filter((c) => c !== '').map((c) => Buffer.from(c, 'utf8')),
        ];
        for (const chunks of chunkings) {
          const { expected, actual } = await compare(mode, chunks);
          expect(actual.error).toBeUndefined();
          expect(actual.lines, `${mode} ${show(chunks)}`).toEqual(expected.lines);
        }
      }
    });
  }

  it('empty input: no chunks at all, and an empty stream with an encoding', async () => {
    for (const mode of MODES) {
      const { expected, actual } = await compare(mode, []);
      expect(actual.error).toBeUndefined();
      expect(actual.lines, mode).toEqual(expected.lines);
    }
  });

  it('empty chunks between a \\r and a \\n (object-mode streams emit them)', async () => {
    for (const chunks of [
      ['a\r', '', '\nb'],
      [Buffer.from('a\r'), Buffer.alloc(0), Buffer.from('\nb')],
      ['\r', '', '', '\n', ''],
      ['', '\r', '\n'],
    ]) {
      const { expected, actual } = await compare('buffer', chunks); // Readable.from: any chunk type
      expect(actual.lines, show(chunks)).toEqual(expected.lines);
    }
  });

  it('invalid UTF-8 and multi-byte sequences truncated at the end (Buffer chunks)', async () => {
    const b = (...x: (string | number[])[]): Buffer => Buffer.concat(x.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
    const inputs: Buffer[][] = [
      [b('ok\n', [0xe2, 0x82])], // € cut at the end
      [b('ok\n'), b([0xe2]), b([0x82])], // the same, cut again
      [b('x', [0xf0, 0x9f, 0x98])], // 😀 cut, after text without a newline
      [b([0xf0, 0x9f]), b([0x98, 0x80], '\n')], // 😀 split, then completed
      [b('a', [0xff], 'b\n', [0x80], '\r')], // invalid bytes inside lines
      [b('a\r'), b([0xc3]), b('\nb')], // an incomplete sequence between \r and \n
      [b([0xc3])], // only a cut sequence
      [b('\r', [0xe2, 0x82])],
      [b('é\r'), b([0xe2, 0x82, 0xac]), b('\n')],
    ];
    for (const chunks of inputs) {
      for (const mode of ['buffer', 'encoding'] as const) {
        const { expected, actual } = await compare(mode, chunks);
        expect(actual.error).toBeUndefined();
        expect(actual.lines, `${mode} ${show(chunks)}`).toEqual(expected.lines);
      }
    }
  });

  // ---- Backpressure ----------------------------------------------------------------------------------

  describe('backpressure', () => {
    const text = 'one\r\ntwo\rthree\n\nfour\r\r\nfive 😀\r\nsix';
    const chunkings: Chunk[][] = [
      [Buffer.from(text)],
      splitBytes(Buffer.from(text), () => 1),
      splitBytes(Buffer.from(text), () => 3),
      splitString(text, () => 2),
    ];

    for (const [name, delay] of [
      ['microtask', microtask],
      ['setImmediate', macrotask],
      ['setTimeout', timer],
    ] as const) {
      it(`the next line waits until onLine's promise settles (${name})`, async () => {
        for (const chunks of chunkings) {
          const expected = await viaReference(streamOf('buffer', chunks));
          // Ordering with a counter: each line is handled only after the previous one finished.
          let started = 0;
          let finished = 0;
          const order: string[] = [];
          const lines: string[] = [];
          await readLines(streamOf('buffer', chunks), (line) => {
            expect(started, `line ${JSON.stringify(line)} started before line ${started} finished`).toBe(finished);
            started++;
            lines.push(line);
            order.push(`start ${started}`);
            return delay(started)!.then(() => {
              finished++;
              order.push(`end ${finished}`);
            });
          });
          // readLines settles only after the last line's promise.
          expect(finished).toBe(started);
          expect(order).toEqual(lines.flatMap((_, i) => [`start ${i + 1}`, `end ${i + 1}`]));
          expect(lines, show(chunks)).toEqual(expected.lines);
          expect(lines.length).toBeGreaterThan(3);
        }
      });
    }

    it('a slow consumer of a long input: same lines, no overlap, the input is paused meanwhile', async () => {
      const rand = prng(7);
      const bytes = randomBytes(rand, false);
      const big = Buffer.concat(Array.from({ length: 40 }, () => bytes));
      const chunks = splitBytes(big, () => 1 + int(rand, 64));
      const source = (): Readable => {
        // A byte stream fed as a real source would be: one chunk per read() request.
        let i = 0;
        return new Readable({
          highWaterMark: 64,
          read() {
            setImmediate(() => this.push(i < chunks.length ? chunks[i++]! : null));
          },
        });
      };
      const expected = await viaReference(source());
      const input = source();
      let maxBuffered = 0;
      let sawPaused = false;
      const actual = await viaReadLines(input, (n) => {
        maxBuffered = Math.max(maxBuffered, input.readableLength);
        if (input.isPaused()) sawPaused = true;
        return n % 3 === 0 ? macrotask(n) : microtask(n);
      });
      expect(actual.error).toBeUndefined();
      expect(actual.overlaps).toBe(0);
      expect(actual.pendingAtSettle).toBe(0);
      expect(actual.lines).toEqual(expected.lines);
      expect(actual.lines.length).toBeGreaterThan(100);
      // "at most two chunks wait, then the input is paused": the stream stops at its high-water mark.
      expect(sawPaused).toBe(true);
      expect(maxBuffered).toBeLessThanOrEqual(64 + 64);
    });
  });

  // ---- Stream errors ---------------------------------------------------------------------------------

  describe('a stream error after some data', () => {
    /**
     * A pull source: one chunk per read() request, delivered sync, on the next tick or on the next
     * turn, then destroy(error) at the read after the last chunk. With highWaterMark 0 it never reads
     * ahead, so every chunk is emitted as 'data' before the error whatever the consumer does
     * (pausing included): the reference's lines are well defined, those of every chunk before the error
     * except an unfinished last line.
     */
    function failingSource(mode: 'buffer' | 'string', chunks: readonly Chunk[], timing: number, error: Error): Readable {
      let i = 0;
      const later = (f: () => void): void => {
        if (timing === 0) f();
        else if (timing === 1) process.nextTick(f);
        else setImmediate(f);
      };
      const s = new Readable({
        objectMode: mode === 'string',
        highWaterMark: 0,
        read() {
          later(() => {
            if (i < chunks.length) this.push(chunks[i++]!);
            else s.destroy(error);
          });
        },
      });
      return s;
    }

    async function compareFailing(mode: 'buffer' | 'string', chunks: readonly Chunk[], timing: number, delay?: Delay): Promise<void> {
      const where = `${mode}, timing ${timing}, ${delay ? 'async' : 'sync'} onLine, chunks ${show(chunks)}`;
      const e1 = new Error('boom');
      const expected = await viaReference(failingSource(mode, chunks, timing, e1));
      expect(expected.error, `the reference saw the error (${where})`).toBe(e1);
      const e2 = new Error('boom');
      const actual = await viaReadLines(failingSource(mode, chunks, timing, e2), delay);
      expect(actual.error, where).toBe(e2);
      expect(actual.lines, where).toEqual(expected.lines);
      expect(actual.overlaps, where).toBe(0);
      // Rejected only once the lines before the error were handled.
      expect(actual.pendingAtSettle, where).toBe(0);
    }

    it('fixed inputs: the lines before the error are the reference\'s, the unfinished last line is not one', async () => {
      const inputs: string[][] = [
        [],
        ['partial'],
        ['a\nb\n', 'c\nd'],
        ['a\r', '\nb\r'],
        ['one\ntwo\n', 'three\r\nfour\rfive', '\n'],
        ['x\n', 'y\n', 'z\n', 'w\n', 'v\n', 'tail'],
      ];
      for (const parts of inputs) {
        for (const timing of [0, 1, 2]) {
          for (const delay of [undefined, microtask, macrotask]) {
            await compareFailing('string', parts, timing, delay);
            await compareFailing('buffer', parts.map((p) => Buffer.from(p)), timing, delay);
          }
        }
      }
    });

    it('random inputs and chunkings (300), error after the last chunk', async () => {
      const rand = prng(SEED ^ 0xe7707);
      for (let i = 0; i < 300; i++) {
        const bytes = randomBytes(rand, rand() < 0.3);
        const mode = rand() < 0.5 ? 'buffer' : 'string';
        const chunks = chunksFor(mode, bytes, randomSizes(rand));
        const r = rand();
        await compareFailing(mode, chunks, int(rand, 3), r < 0.5 ? undefined : r < 0.75 ? microtask : macrotask);
      }
    }, 20_000);

    it('an error before any data: rejects, no line', async () => {
      const err = new Error('early');
      const s = new Readable({ read() {} });
      const p = viaReadLines(s);
      s.destroy(err);
      const actual = await p;
      expect(actual.error).toBe(err);
      expect(actual.lines).toEqual([]);
    });

    /**
     * Chunks pushed and the stream destroyed in the same turn: which of the buffered chunks still
     * become 'data' before the error depends on the consumer (the reference never pauses its input,
     * readLines pauses it once two chunks wait) and on the order of the stream's internal ticks, so
     * the reference's lines are not a contract here. Only: the rejection, and no line duplicated,
     * reordered or invented (readLines' lines are a prefix of the reference's).
     */
    it('chunks still buffered in the stream when it fails: rejects, lines are a prefix of the reference\'s', async () => {
      const run = <T>(consume: (s: Readable) => Promise<T>, err: Error): Promise<T> => {
        const s = new Readable({ read() {} });
        const p = consume(s);
        for (let k = 0; k < 6; k++) s.push(`l${k}\n`);
        s.push('unfinished');
        s.destroy(err);
        return p;
      };
      for (const delay of [undefined, microtask, macrotask]) {
        const e1 = new Error('late');
        const expected = await run(viaReference, e1);
        expect(expected.error).toBe(e1);
        const e2 = new Error('late');
        const actual = await run((s) => viaReadLines(s, delay), e2);
        expect(actual.error).toBe(e2);
        expect(actual.overlaps).toBe(0);
        expect(actual.lines).toEqual(expected.lines.slice(0, actual.lines.length));
        expect(new Set(actual.lines).size).toBe(actual.lines.length);
      }
    });
  });
});
