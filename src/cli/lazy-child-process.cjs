// `node:child_process` for the bundle (package.json `build`: --alias:node:child_process=…).
// commander requires it at the top of lib/command.js, only to spawn stand-alone executable
// subcommands, which gaiconf does not have. Through this stand-in the real module (with net,
// dgram and the socket stack) loads on first use instead of at every start.
'use strict';

let real;
module.exports = new Proxy(
  {},
  {
    get: (_, key) => (real ??= process.getBuiltinModule('node:child_process'))[key],
  },
);
