// Lines of a stream, split exactly as `readline.createInterface({ input, crlfDelay: Infinity })`
// splits them, without readline's async iterator (a promise per line) or its line events.
import type { Readable } from 'node:stream';
import type { StringDecoder } from 'node:string_decoder';

/**
 * Calls `onLine` for each line of `input`, in order. When `onLine` returns a promise, the next
 * line waits until it settles (backpressure); the promise must not reject. The returned promise
 * settles after the last line, or rejects with the stream's error once the lines that arrived
 * before it have been handled. A chunk's lines are handled in a later turn of the event loop than
 * its 'data' event, so the next read is under way meanwhile; at most two chunks wait, then the
 * input is paused: memory stays constant.
 *
 * The same lines as readline's (Node 20 `lib/internal/readline/interface.js`):
 * - `\n`, `\r\n` and a lone `\r` end a line; a `\r\n` split between two chunks is one end;
 * - the text after the last end is a line when it is not empty (never after an error);
 * - Buffer chunks are decoded as UTF-8 and an incomplete sequence at the very end is dropped
 *   (readline never flushes its decoder); string chunks (a stream with an encoding) are used
 *   as they come.
 */
export function readLines(input: Readable, onLine: (line: string) => void | Promise<void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let decoder: StringDecoder | undefined;
    /** Chunks received and not yet split, in order. */
    const queue: string[] = [];
    /** The text being split (an unfinished line, then a chunk) and where its next line starts. */
    let text = '';
    let pos = 0;
    /** The last chunk ended with `\r`: a `\n` starting the next one belongs to it. */
    let sawCr = false;
    /** A pump is scheduled, running, or waiting for a line's promise. */
    let busy = false;
    let ended = false;
    let failed = false;
    let error: unknown;
    let done = false;

    const finish = (): void => {
      if (done) return;
      done = true;
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.removeListener('error', onError);
      if (failed) {
        reject(error);
        return;
      }
      try {
        if (text.length > pos) {
          const last = onLine(text.slice(pos));
          if (last) {
            last.then(() => resolve(), reject);
            return;
          }
        }
        resolve();
      } catch (e) {
        reject(e);
      }
    };

    const fail = (e: unknown): void => {
      failed = true;
      error = e;
      queue.length = 0;
      finish();
    };

    /** The lines of `text` from `pos`; false when a line is waiting (pump runs again after). */
    const split = (): boolean => {
      let nl = text.indexOf('\n', pos);
      let cr = text.indexOf('\r', pos);
      for (;;) {
        let end: number;
        let next: number;
        if (cr !== -1 && (nl === -1 || cr < nl)) {
          end = cr;
          next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
        } else if (nl !== -1) {
          end = nl;
          next = nl + 1;
        } else {
          return true;
        }
        const line = text.slice(pos, end);
        pos = next;
        if (nl !== -1 && nl < pos) nl = text.indexOf('\n', pos);
        if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
        const wait = onLine(line);
        if (wait) {
          wait.then(pump, fail);
          return false;
        }
      }
    };

    /** A chunk after the unfinished line (readline: a `\n` right after a chunk's final `\r` is dropped). */
    const take = (chunk: string): void => {
      if (sawCr) {
        if (chunk.charCodeAt(0) === 10) chunk = chunk.slice(1);
        sawCr = false;
      }
      if (chunk === '') return;
      sawCr = chunk.charCodeAt(chunk.length - 1) === 13;
      text = pos < text.length ? text.slice(pos) + chunk : chunk;
      pos = 0;
    };

    function pump(): void {
      try {
        for (;;) {
          if (!split()) return;
          const next = queue.shift();
          if (next === undefined) break;
          take(next);
        }
      } catch (e) {
        fail(e);
        return;
      }
      busy = false;
      if (ended || failed) finish();
      else input.resume();
    }

    function onData(chunk: string | Buffer): void {
      if (typeof chunk === 'string') queue.push(chunk);
      else {
        decoder ??= new (process.getBuiltinModule('node:string_decoder') as typeof import('node:string_decoder')).StringDecoder('utf8');
        queue.push(decoder.write(chunk));
      }
      if (queue.length >= 2) input.pause();
      if (!busy) {
        busy = true;
        setImmediate(pump);
      }
    }

    function onEnd(): void {
      ended = true;
      if (!busy) finish();
    }

    function onError(e: unknown): void {
      if (failed) return;
      failed = true;
      error = e;
      if (!busy) finish();
    }

    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onError);
  });
}
