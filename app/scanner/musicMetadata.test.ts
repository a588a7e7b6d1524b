// The local music-metadata patch (patches/music-metadata+*.patch, applied by patch-package on every
// install) is in place: one tag mapper for all parses, and the text decoding textDecoding.test.ts
// checks end to end. Fails after an `npm ci` that did not apply the patch.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// The package's entry is lib/index.js; internals are imported by file URL (exports hide them).
const lib = path.dirname(fileURLToPath(import.meta.resolve('music-metadata')));
const internal = async <T>(file: string): Promise<T> => (await import(pathToFileURL(path.join(lib, file)).href)) as T;

describe('music-metadata, as patched', () => {
  it('builds its tag maps once, not on every parse', async () => {
    type Collector = new (options: object) => { tagMapper: unknown };
    const { MetadataCollector } = await internal<{ MetadataCollector: Collector }>('common/MetadataCollector.js');
    const a = new MetadataCollector({});
    const b = new MetadataCollector({});
    expect(a.tagMapper).toBeDefined();
    expect(a.tagMapper).toBe(b.tagMapper);
  });

  it('decodes unspecified text as UTF-8 when valid, else Windows-1252', async () => {
    const { decodeLatin1OrUtf8 } = await internal<{ decodeLatin1OrUtf8: (b: Uint8Array) => string }>('common/Util.js');
    expect(decodeLatin1OrUtf8(Buffer.from('Москва', 'utf8'))).toBe('Москва');
    expect(decodeLatin1OrUtf8(Uint8Array.of(0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x78, 0x94))).toBe('Café “x”');
    expect(decodeLatin1OrUtf8(Buffer.from('plain ascii'))).toBe('plain ascii');
    expect(decodeLatin1OrUtf8(Buffer.from('Zoë', 'utf8').subarray(0, 3))).toBe('Zo'); // cut inside ë
  });
});
