// Renders resources/icon.svg into the app icons electron-builder uses (sharp):
//   resources/icon.png   1024×1024 (Linux, tray, and the fallback)
//   resources/icon.ico   16–256 px PNG entries (Windows)
//   resources/icon.icns  32–1024 px PNG entries (macOS)
// Run: `npm run make:icons` (the outputs are committed).
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const dir = path.resolve(import.meta.dirname, '../resources');
const svg = fs.readFileSync(path.join(dir, 'icon.svg'));
const png = (size: number) => sharp(svg, { density: Math.ceil((72 * size) / 1024) * 4 }).resize(size, size).png({ compressionLevel: 9 }).toBuffer();

/** ICO: a directory of PNG-compressed images (supported since Windows Vista). */
function ico(images: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0);
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt16LE(1, 4); // planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.data)]);
}

/** ICNS: 'icns' + length, then (type, length, PNG) entries. */
function icns(images: { type: string; data: Buffer }[]): Buffer {
  const chunks = images.map(({ type, data }) => {
    const h = Buffer.alloc(8);
    h.write(type, 0, 'ascii');
    h.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([h, data]);
  });
  const h = Buffer.alloc(8);
  h.write('icns', 0, 'ascii');
  h.writeUInt32BE(8 + chunks.reduce((n, c) => n + c.length, 0), 4);
  return Buffer.concat([h, ...chunks]);
}

const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const bySize = new Map<number, Buffer>();
for (const s of sizes) bySize.set(s, await png(s));
const get = (s: number) => bySize.get(s)!;
fs.writeFileSync(path.join(dir, 'icon.png'), get(1024));
fs.writeFileSync(path.join(dir, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: get(size) }))));
fs.writeFileSync(path.join(dir, 'icon.icns'), icns([
  { type: 'ic11', data: get(32) }, { type: 'ic12', data: get(64) }, { type: 'ic07', data: get(128) },
  { type: 'ic08', data: get(256) }, { type: 'ic13', data: get(512) }, { type: 'ic09', data: get(512) },
  { type: 'ic14', data: get(1024) }, { type: 'ic10', data: get(1024) },
]));
console.log('wrote resources/icon.png, icon.ico, icon.icns');
