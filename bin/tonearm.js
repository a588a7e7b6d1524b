#!/usr/bin/env node
// Installed `tonearm` command: runs the CLI, from its bundle while that is current (`npm run
// build:main` makes it; app/prebuilt.ts), else from the TypeScript sources with Node 24's type
// stripping.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`tonearm needs Node 24 or newer (this is ${process.version}); run it with "npm run tonearm -- <command>", which fetches Node 24.\n`);
  process.exit(2);
}
// The compile cache before any TypeScript loads: from the second run on, every module (main.ts and
// what it imports too, or the bundle) comes type-stripped and compiled from the cache, and the type
// stripper itself is never loaded (~60 ms of CPU per command).
const { enableCompileCache } = await import('node:module');
enableCompileCache();
const { builtUrl } = await import('../app/prebuilt.ts');
const { main } = await import(builtUrl(new URL('../app/cli/main.ts', import.meta.url)).href);
process.exitCode = await main(process.argv.slice(2));
