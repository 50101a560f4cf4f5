// Lines of a stream for JSON Lines (`simulate --batch`): only `\n` ends a line, and a `\r`
// right before it is dropped (CRLF files). A lone `\r` is part of the line, as JSON Lines says
// (JSON reads it as a blank between tokens), so a record is never split in two by one.
// Time and memory are linear in the input, however long a line: a line cut across chunks is
// kept as its pieces and joined once, and each chunk is searched for `\n` once.
import type { Readable } from 'node:stream';
import type { StringDecoder } from 'node:string_decoder';

export interface ReadLinesOptions {
  /**
   * A line longer than this many characters is not handed to `onLine` (its text is dropped as it
   * comes); `onOverlong` is called in its place with how long it was. Default 256 Mi characters,
   * below V8's longest string.
   */
  maxLineLength?: number;
  onOverlong?: (length: number) => void | Promise<void>;
}

const MAX_LINE = 256 * 1024 * 1024;

/**
 * Calls `onLine` for each line of `input`, in order. When `onLine` returns a promise, the next
 * line waits until it settles (backpressure); the promise must not reject. The returned promise
 * settles after the last line, or rejects with the stream's error once the lines that arrived
 * before it have been handled. A chunk's lines are handled in a later turn of the event loop than
 * its 'data' event, so the next read is under way meanwhile; at most two chunks wait, then the
 * input is paused: memory stays constant (beyond the longest line).
 *
 * - `\n` ends a line, and a `\r` just before it is not part of the line; a `\r` anywhere else is;
 * - the text after the last `\n` is a line when it is not empty (never after an error);
 * - Buffer chunks are decoded as UTF-8 (invalid bytes become U+FFFD) and an incomplete sequence
 *   at the very end is dropped; string chunks (a stream with an encoding) are used as they come.
 */
export function readLines(input: Readable, onLine: (line: string) => void | Promise<void>, options: ReadLinesOptions = {}): Promise<void> {
  const max = options.maxLineLength ?? MAX_LINE;
  return new Promise<void>((resolve, reject) => {
    let decoder: StringDecoder | undefined;
    /** Chunks received and not yet split, in order. */
    const queue: string[] = [];
    /** The pieces of the line that is not finished yet (from earlier chunks), and their length. */
    let carry: string[] = [];
    let carried = 0;
    /** The line being carried grew past `max`: its text is dropped, its length counted. */
    let overlong = false;
    /** The chunk being split and where its next line starts. */
    let text = '';
    let pos = 0;
    /** A pump is scheduled, running, or waiting for a line's promise. */
    let busy = false;
    let ended = false;
    let failed = false;
    let error: unknown;
    let done = false;

    /** The line that ends at `end` in `text` (with what was carried), handed on; a promise to wait for. */
    const emit = (end: number, crlf: boolean): void | Promise<void> => {
      const piece = text.slice(pos, end);
      const length = carried + piece.length;
      const wasOverlong = overlong || length > max;
      let line = '';
      if (!wasOverlong) line = carry.length ? carry.join('') + piece : piece;
      carry = [];
      carried = 0;
      overlong = false;
      if (wasOverlong) return options.onOverlong?.(length);
      if (crlf && line.endsWith('\r')) line = line.slice(0, -1);
      return onLine(line);
    };

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
        if (carried > 0 || overlong || text.length > pos) {
          const last = emit(text.length, false);
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
      for (;;) {
        const nl = text.indexOf('\n', pos);
        if (nl === -1) {
          // the rest starts (or continues) the next line
          if (pos < text.length) {
            const rest = pos === 0 ? text : text.slice(pos);
            carried += rest.length;
            if (overlong || carried > max) {
              overlong = true;
              carry = [];
            } else carry.push(rest);
          }
          text = '';
          pos = 0;
          return true;
        }
        const wait = emit(nl, true);
        pos = nl + 1;
        if (wait) {
          wait.then(pump, fail);
          return false;
        }
      }
    };

    function pump(): void {
      try {
        for (;;) {
          if (!split()) return;
          const next = queue.shift();
          if (next === undefined) break;
          text = next;
          pos = 0;
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
