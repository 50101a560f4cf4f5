// The checks of the public functions' options objects and small arguments (docs/api.md): every
// problem at once, each with its path and a hint. Each returns the problems found ([] when
// none); the callers throw them as one GaiconfInputError. The CLI runs the same checks on its
// flags (--glibc, --freebsd-policy), so a value is accepted or refused the same way in both.
import type { InputProblem } from './input-error.js';
import { describe, isPlainObject, Problems } from './input-problems.js';
import { ALL_PROFILES } from './order/facts.js';
import { isGlibcVersion } from './policy/glibc-version.js';
import type { FreebsdPolicy } from './order/profile-freebsd.js';
import { validateRuntimeFields } from './scenario/validate-runtime.js';

export const FREEBSD_POLICIES: readonly FreebsdPolicy[] = ['auto', 'ipv6_prefer', 'ipv4_prefer', 'none'];

const NONE: readonly InputProblem[] = Object.freeze([]);

// simulate() checks its options on every call: the valid case is read without allocating.
function validSimulateOptions(o: unknown): boolean {
  if (!isPlainObject(o)) return false;
  for (const key in o) {
    const v = o[key];
    if (v === undefined) continue;
    switch (key) {
      case 'profile':
        if (!(ALL_PROFILES as readonly unknown[]).includes(v)) return false;
        break;
      case 'glibc':
        if (!isGlibcVersion(v)) return false;
        break;
      case 'allPairs':
        if (typeof v !== 'boolean') return false;
        break;
      case 'freebsdPolicy':
        if (!(FREEBSD_POLICIES as readonly unknown[]).includes(v)) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** simulate() and runProfile() options (SimulateOptions). */
export function simulateOptionProblems(o: unknown, path = 'options'): readonly InputProblem[] {
  if (o === undefined || validSimulateOptions(o)) return NONE;
  const p = new Problems();
  if (p.object(o, path, ['profile', 'glibc', 'allPairs', 'freebsdPolicy']) && o !== undefined) {
    p.oneOf(o.profile, `${path}.profile`, ALL_PROFILES, 'profile');
    p.glibc(o.glibc, `${path}.glibc`);
    p.boolean(o.allPairs, `${path}.allPairs`);
    p.oneOf(o.freebsdPolicy, `${path}.freebsdPolicy`, FREEBSD_POLICIES, 'freebsdPolicy');
  }
  return p.list;
}

/** The options of compareGaiConfs (CompareOptions). */
export function compareOptionProblems(o: unknown, path = 'options'): InputProblem[] {
  const p = new Problems();
  if (p.object(o, path, ['profile', 'glibc']) && o !== undefined) {
    p.oneOf(o.profile, `${path}.profile`, ALL_PROFILES, 'profile');
    p.glibc(o.glibc, `${path}.glibc`);
  }
  return p.list;
}

/** The options of synthesize (SynthesizeOptions). */
export function synthesizeOptionProblems(o: unknown, path = 'options'): InputProblem[] {
  const p = new Problems();
  if (p.object(o, path, ['profile', 'glibc', 'maxEdits', 'budget', 'command']) && o !== undefined) {
    p.oneOf(o.profile, `${path}.profile`, ALL_PROFILES, 'profile');
    p.glibc(o.glibc, `${path}.glibc`);
    p.integer(o.maxEdits, `${path}.maxEdits`, 1, 5, 'The search grows fast with the size; 3 is the default.');
    p.integer(o.budget, `${path}.budget`, 1, Number.MAX_SAFE_INTEGER, 'The most edit sets to evaluate; 60000 is the default.');
    if (o.command !== undefined && typeof o.command !== 'string') p.add(`${path}.command`, `${path}.command must be a string`, 'The command line to name in the generated file\'s header.');
  }
  return p.list;
}

/** The options of parseGaiConf, lintGaiConf and fixGaiConf ({ glibc }). */
export function glibcOptionProblems(o: unknown, path = 'options'): InputProblem[] {
  const p = new Problems();
  if (p.object(o, path, ['glibc']) && o !== undefined) p.glibc(o.glibc, `${path}.glibc`);
  return p.list;
}

/** A gai.conf text argument: a string (null only where the function says "no file"). */
export function gaiConfTextProblems(v: unknown, path: string, nullable: boolean): InputProblem[] {
  if (typeof v === 'string' || (nullable && v === null)) return [];
  return [{ path, message: `${path} must be the gai.conf text as a string${nullable ? ' or null' : ''}, not ${describe(v)}`, hint: nullable ? 'Pass the file\'s content; null means no gai.conf.' : 'Pass the file\'s content (an empty string for an empty file).' }];
}


/** Router facts given apart from a scenario (compareUpdate's options, the rfc6724-update tables). */
export function routerFactProblems(v: unknown, path: string): InputProblem[] {
  if (v === undefined) return [];
  return validateRuntimeFields({ routerFacts: v }).map((e) => ({ path: path + e.path.slice('$.routerFacts'.length), message: e.message, hint: e.hint }));
}

/** The options of compareUpdate (CompareUpdateOptions). */
export function compareUpdateOptionProblems(o: unknown, path = 'options'): InputProblem[] {
  const p = new Problems();
  if (p.object(o, path, ['routerFacts', 'knownLocalUla']) && o !== undefined) {
    p.list.push(...routerFactProblems(o.routerFacts, `${path}.routerFacts`));
    p.boolean(o.knownLocalUla, `${path}.knownLocalUla`);
  }
  return p.list;
}
