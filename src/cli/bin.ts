#!/usr/bin/env node
// The gaiconf executable, bundled into dist/gaiconf.mjs (package.json `bin`). It only picks the
// bundle to load next to it, so that a command's start does not pay for parsing the others:
// - `gaiconf simulate …`: dist/gaiconf-simulate.mjs (bin-simulate.ts), simulate alone;
// - anything else: dist/gaiconf-all.mjs (bin-all.ts), every command, each loaded on use.
// The specifier names one of those bundles, which the build writes next to dist/gaiconf.mjs (a
// variable, so that neither tsc nor esbuild looks for it here): this module is run as the
// bundle only, not as the tsc output dist/cli/bin.js.
const bundle = process.argv[2] === 'simulate' ? './gaiconf-simulate.mjs' : './gaiconf-all.mjs';
await import(bundle);
