// `node --import ./main/testing/register.ts out/main/index.js`: runs the main bundle under plain
// Node with the stand-in `electron` (main/testing/electron.ts) and the test's remote control
// (control.ts) listening on the IPC channel to the parent.
import { registerHooks } from 'node:module';
import { pathToFileURL } from 'node:url';

const standIn = pathToFileURL(new URL('./electron.ts', import.meta.url).pathname).href;
registerHooks({
  resolve(specifier, context, next) {
    if (specifier === 'electron') return { url: standIn, shortCircuit: true, format: 'module' };
    return next(specifier, context);
  },
});
await import('./control.ts');
