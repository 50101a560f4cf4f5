// Option values the library checks too (src/check-options.ts), refused here with the flag's
// name: `--glibc banana` is exit 2, as `simulate(s, { glibc: 'banana' })` throws.
import { FREEBSD_POLICIES } from '../check-options.js';
import { GLIBC_VERSION_HINT, glibcVersionMessage, isGlibcVersion } from '../policy/glibc-version.js';
import type { FreebsdPolicy } from '../order/profile-freebsd.js';
import { closest } from '../scenario/validate.js';
import { CliError, EXIT } from './exit-codes.js';

/** commander argument parser for `--glibc VERSION`. */
export function glibcOption(value: string): string {
  if (!isGlibcVersion(value)) throw new CliError(`--glibc ${value}: ${glibcVersionMessage(value)}`, EXIT.BAD_INPUT, GLIBC_VERSION_HINT);
  return value;
}

/** commander argument parser for `--freebsd-policy POLICY`. */
export function freebsdPolicyOption(value: string): FreebsdPolicy {
  if ((FREEBSD_POLICIES as readonly string[]).includes(value)) return value as FreebsdPolicy;
  const guess = closest(value, FREEBSD_POLICIES);
  throw new CliError(`--freebsd-policy ${value}: unknown policy`, EXIT.BAD_INPUT, `${guess ? `did you mean ${guess}? ` : ''}use one of ${FREEBSD_POLICIES.join(', ')}`);
}
