import { describe, expect, it } from 'vitest';
import { assemble, chunkCount, chunksFor, missingSpan, objectOf, parseContentRange, splitChunks } from './ranges.ts';

const C = 10;
const object = Uint8Array.from({ length: 35 }, (_, i) => i);
const chunkOf = (i: number) => object.subarray(i * C, Math.min(object.length, (i + 1) * C));

describe('rendition ranges', () => {
  it('maps byte ranges to chunks', () => {
    expect(chunkCount(35, C)).toBe(4);
    expect(chunkCount(30, C)).toBe(3);
    expect(chunksFor(0, 9, C)).toEqual([0]);
    expect(chunksFor(5, 25, C)).toEqual([0, 1, 2]);
    expect(chunksFor(30, 34, C)).toEqual([3]);
  });

  it('asks storage for one span covering the missing chunks, clamped to the object', () => {
    expect(missingSpan([0, 1, 2], new Set([0, 1, 2]), 35, C)).toBeNull();
    expect(missingSpan([0, 1, 2], new Set([1]), 35, C)).toEqual({ start: 0, end: 29 });
    expect(missingSpan([2, 3], new Set([2]), 35, C)).toEqual({ start: 30, end: 34 });
    expect(missingSpan([0], new Set(), null, C)).toEqual({ start: 0, end: 9 });
  });

  it('parses Content-Range and rejects nonsense', () => {
    expect(parseContentRange('bytes 0-9/35')).toEqual({ start: 0, end: 9, total: 35 });
    expect(parseContentRange('bytes 0-9/*')).toBeNull();
    expect(parseContentRange('bytes 9-0/35')).toBeNull();
    expect(parseContentRange('bytes 0-35/35')).toBeNull();
    expect(parseContentRange(null)).toBeNull();
  });

  it('keeps whole chunks and the short last one, never a partial chunk', () => {
    const all = splitChunks(object, 0, 35, C);
    expect([...all.keys()]).toEqual([0, 1, 2, 3]);
    expect([...(all.get(3) ?? [])]).toEqual([30, 31, 32, 33, 34]);
    // A body from byte 5 to 24: only chunk 1 is whole.
    const mid = splitChunks(object.subarray(5, 25), 5, 35, C);
    expect([...mid.keys()]).toEqual([1]);
    expect([...(mid.get(1) ?? [])]).toEqual([...chunkOf(1)]);
  });

  it('answers any range from chunks, and refuses when one is missing or short', () => {
    const chunks = new Map([0, 1, 2, 3].map((i) => [i, chunkOf(i)]));
    expect([...(assemble(chunks, 7, 31, C) ?? [])]).toEqual([...object.subarray(7, 32)]);
    expect([...(assemble(chunks, 30, 34, C) ?? [])]).toEqual([30, 31, 32, 33, 34]);
    chunks.delete(2);
    expect(assemble(chunks, 7, 31, C)).toBeNull();
    expect(assemble(new Map([[0, object.subarray(0, 4)]]), 0, 9, C)).toBeNull();
  });

  it('names the object of a presigned URL without its signature', () => {
    expect(objectOf('https://b.example.org/bucket/renditions/ab/high.m4a?X-Amz-Signature=x&X-Amz-Expires=3')).toBe('https://b.example.org/bucket/renditions/ab/high.m4a');
  });
});
