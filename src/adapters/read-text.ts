// Reading what the user names: a file, or standard input for `-`.
import { readFileSync } from 'node:fs';
import { CliError, EXIT } from '../cli/exit-codes.js';

export function readText(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new CliError(`${path}: cannot read: ${err.code ?? err.message}`, EXIT.BAD_INPUT, path === '-' ? 'pipe the data into standard input' : 'check the path and its permissions');
  }
}

/** Display name for messages. */
export const displayName = (path: string): string => (path === '-' ? '<stdin>' : path);
