// Every command as a lazy registration, in the order main.ts registers them (the order
// `gaiconf --help` lists; test/cli/bin.test.ts checks the two agree). In a bundle, esbuild
// makes each `import()` a module evaluated on first use.
import type { Register } from './program.js';

export const LAZY_COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  simulate: async () => (await import('./commands/simulate.js')).registerSimulate,
  host: async () => (await import('./commands/host.js')).registerHost,
  check: async () => (await import('./commands/check.js')).registerCheck,
  generate: async () => (await import('./commands/generate.js')).registerGenerate,
  dockerfile: async () => (await import('./commands/dockerfile.js')).registerDockerfile,
  lint: async () => (await import('./commands/lint.js')).registerLint,
  apply: async () => (await import('./commands/apply.js')).registerApply,
  diff: async () => (await import('./commands/diff.js')).registerDiff,
  synthesize: async () => (await import('./commands/synthesize.js')).registerSynthesize,
  listen: async () => (await import('./commands/listen.js')).registerListen,
};
