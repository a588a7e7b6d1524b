// Image format and size from the first bytes (JPEG, PNG, GIF, WebP, BMP): what the catalog records
// for a cover, without decoding it. Thumbnails are made on first request (app/server/covers.ts).

export interface ImageInfo {
  mime: string;
  width: number;
  height: number;
}

/** The image's type and dimensions, or null when the bytes are not a well-formed image header. */
export function imageInfo(b: Uint8Array): ImageInfo | null {
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (buf.length < 24) return null;
  if (buf[0] === 0xff && buf[1] === 0xd8) return jpeg(buf);
  if (buf.toString('latin1', 1, 4) === 'PNG' && buf.toString('latin1', 12, 16) === 'IHDR') {
    return sized('image/png', buf.readUInt32BE(16), buf.readUInt32BE(20));
  }
  if (buf.toString('latin1', 0, 4) === 'GIF8') return sized('image/gif', buf.readUInt16LE(6), buf.readUInt16LE(8));
  if (buf.toString('latin1', 0, 2) === 'BM' && buf.length >= 26) return sized('image/bmp', buf.readInt32LE(18), Math.abs(buf.readInt32LE(22)));
  if (buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return webp(buf);
  return null;
}

function sized(mime: string, width: number, height: number): ImageInfo | null {
  return width > 0 && height > 0 && width <= 100_000 && height <= 100_000 && width * height <= 100_000_000 ? { mime, width, height } : null;
}

/** JPEG: walk the markers to the first start-of-frame (SOF0–SOF15 but DHT, JPG, DAC). */
function jpeg(buf: Buffer): ImageInfo | null {
  let i = 2;
  while (i + 9 < buf.length) {
    if (buf[i] !== 0xff) return null;
    const marker = buf[i + 1] ?? 0;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const length = buf.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return sized('image/jpeg', buf.readUInt16BE(i + 7), buf.readUInt16BE(i + 5));
    }
    if (marker === 0xd9 || marker === 0xda || length < 2) return null;
    i += 2 + length;
  }
  return null;
}

function webp(buf: Buffer): ImageInfo | null {
  const chunk = buf.toString('latin1', 12, 16);
  if (chunk === 'VP8X' && buf.length >= 30) return sized('image/webp', 1 + buf.readUIntLE(24, 3), 1 + buf.readUIntLE(27, 3));
  if (chunk === 'VP8 ' && buf.length >= 30) return sized('image/webp', buf.readUInt16LE(26) & 0x3fff, buf.readUInt16LE(28) & 0x3fff);
  if (chunk === 'VP8L' && buf.length >= 25) {
    const bits = buf.readUInt32LE(21);
    return sized('image/webp', 1 + (bits & 0x3fff), 1 + ((bits >> 14) & 0x3fff));
  }
  return null;
}
