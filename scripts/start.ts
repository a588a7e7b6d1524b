// `npm start`: the desktop app (Electron) when its binary is installed, else web mode
// (`tonearm serve`, which prints the URL to open). Builds what is missing first.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fallbackMessage, findElectron } from '../main/launch.ts';

const root = path.resolve(import.meta.dirname, '..');
const node = process.execPath;

function run(args: string[]): void {
  const r = spawnSync(node, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!fs.existsSync(path.join(root, 'dist/renderer/index.html'))) {
  console.error('tonearm: building the user interface (vite build, once)');
  run([path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']);
}

const electron = findElectron(root, process.env, {
  exists: (f) => fs.existsSync(f),
  read: (f) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined),
});

let child;
if (electron.binary) {
  run([path.join(root, 'scripts/build-main.ts')]);
  // ELECTRON_RUN_AS_NODE would turn the app into plain Node: never inherit it.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  child = spawn(electron.binary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
} else {
  console.error(fallbackMessage(electron.reason ?? 'Electron is not available'));
  child = spawn(node, [path.join(root, 'app/cli/main.ts'), 'serve', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
