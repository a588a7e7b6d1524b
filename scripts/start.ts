// `npm start`: the desktop app (Electron) when its binary is installed or can be downloaded now,
// else web mode (`tonearm serve`, which prints the URL to open). See main/launch/start.ts.
import path from 'node:path';
import { startApp } from '../main/launch/start.ts';

const { child, exited } = await startApp({
  root: path.resolve(import.meta.dirname, '..'),
  argv: process.argv.slice(2),
  env: process.env,
  stderr: process.stderr,
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
process.exitCode = await exited;
