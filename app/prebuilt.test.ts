// A worker starts from its bundle only while the bundle was built from exactly the current files.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileStamp, builtUrl, type BuiltEntry } from './prebuilt.ts';
import { tempDir } from './testing/temp.ts';

let root: string;
let source: URL;
let built: URL;

function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

/** Writes out/main/bundle.json for x.worker.ts as `npm run build:main` would, from the files as they are now. */
function buildManifest(extra: Partial<BuiltEntry> = {}): void {
  const inputs = Object.fromEntries(['app/x.worker.ts', 'app/lib.ts', 'node_modules/dep/index.js'].map((f) => [f, fileStamp(path.join(root, f)) ?? '']));
  write('out/main/bundle.json', JSON.stringify({ workers: [{ name: 'x.worker', source: 'app/x.worker.ts', file: 'x.worker.mjs', external: [], inputs, ...extra }] }));
}

beforeEach(() => {
  root = tempDir('tonearm-prebuilt-');
  write('app/x.worker.ts', "import './lib.ts';\n");
  write('app/lib.ts', 'export const a = 1;\n');
  write('node_modules/dep/index.js', 'module.exports = 1;\n');
  write('out/main/x.worker.mjs', 'export {};\n');
  source = pathToFileURL(path.join(root, 'app/x.worker.ts'));
  built = pathToFileURL(path.join(root, 'out/main/x.worker.mjs'));
});

afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('builtUrl', () => {
  it('takes the bundle while every input is unchanged', () => {
    buildManifest();
    expect(builtUrl(source, { root }).href).toBe(built.href);
  });

  it('takes the source once any input changed: an edit of ours, a reinstalled package, a deleted file', () => {
    buildManifest();
    write('app/lib.ts', 'export const a = 2;\n');
    expect(builtUrl(source, { root }).href).toBe(source.href);

    buildManifest();
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(path.join(root, 'node_modules/dep/index.js'), later, later); // same size, new time
    expect(builtUrl(source, { root }).href).toBe(source.href);

    buildManifest();
    fs.rmSync(path.join(root, 'app/lib.ts'));
    expect(builtUrl(source, { root }).href).toBe(source.href);
  });

  it('takes the source when there is no build, a broken manifest, no entry or no input list for it, or no built file', () => {
    expect(builtUrl(source, { root }).href).toBe(source.href);
    write('out/main/bundle.json', '{ not json');
    expect(builtUrl(source, { root }).href).toBe(source.href);
    buildManifest({ source: 'app/other.worker.ts' });
    expect(builtUrl(source, { root }).href).toBe(source.href);
    buildManifest({ inputs: {} });
    expect(builtUrl(source, { root }).href).toBe(source.href);
    buildManifest();
    fs.rmSync(path.join(root, 'out/main/x.worker.mjs'));
    expect(builtUrl(source, { root }).href).toBe(source.href);
  });

  it('finds the CLI\'s entry as it finds a worker\'s', () => {
    const inputs = Object.fromEntries(['app/x.worker.ts', 'app/lib.ts'].map((f) => [f, fileStamp(path.join(root, f)) ?? '']));
    write('out/main/bundle.json', JSON.stringify({ workers: [], cli: { name: 'cli', source: 'app/x.worker.ts', file: 'x.worker.mjs', external: [], inputs } }));
    expect(builtUrl(source, { root }).href).toBe(built.href);
    write('app/lib.ts', 'export const a = 3;\n');
    expect(builtUrl(source, { root }).href).toBe(source.href);
  });

  it('leaves a URL that already names a built file alone (inside the Electron bundle)', () => {
    buildManifest();
    expect(builtUrl(built, { root }).href).toBe(built.href);
  });
});
