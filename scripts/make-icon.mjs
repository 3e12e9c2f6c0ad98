// Draws images/icon.png (128×128): a lens over three dots (promises in flight), on a dark rounded square.
// Plain PNG written by hand (zlib for the pixels) so the icon needs no image tool. Run: node scripts/make-icon.mjs
import { writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const SIZE = 128;
const SUB = 4; // supersampling per axis, for smooth edges

/** Colour of one sample point (x, y in 0..SIZE) as [r, g, b, a], or undefined for transparent. */
function sample(x, y) {
  const inset = 4, radius = 24;
  const cx = Math.min(Math.max(x, inset + radius), SIZE - inset - radius);
  const cy = Math.min(Math.max(y, inset + radius), SIZE - inset - radius);
  if (Math.hypot(x - cx, y - cy) > radius) return undefined; // outside the rounded square
  const lens = { x: 56, y: 56, r: 30 };
  const d = Math.hypot(x - lens.x, y - lens.y);
  if (d >= lens.r - 4 && d <= lens.r + 4) return [236, 240, 245, 255]; // the rim
  // handle: a thick segment from the rim towards the lower right
  const t = Math.max(0, Math.min(1, (x - 80 + (y - 80)) / 52));
  const hx = 80 + t * 26, hy = 80 + t * 26;
  if (Math.hypot(x - hx, y - hy) <= 7) return [236, 240, 245, 255];
  if (d < lens.r - 4) {
    for (const [px, colour] of [[42, [255, 183, 77]], [56, [255, 183, 77]], [70, [129, 199, 132]]]) {
      if (Math.hypot(x - px, y - 56) <= 5.5) return [...colour, 255];
    }
    return [43, 74, 112, 255]; // the glass
  }
  return [24, 42, 66, 255];
}

const rows = [];
for (let y = 0; y < SIZE; y++) {
  const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
  for (let x = 0; x < SIZE; x++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SUB; sy++) {
      for (let sx = 0; sx < SUB; sx++) {
        const c = sample(x + (sx + 0.5) / SUB, y + (sy + 0.5) / SUB);
        if (!c) continue;
        for (let i = 0; i < 3; i++) acc[i] += c[i] * c[3];
        acc[3] += c[3];
      }
    }
    const n = SUB * SUB;
    const a = acc[3] / n;
    for (let i = 0; i < 3; i++) row[1 + x * 4 + i] = a > 0 ? Math.round(acc[i] / acc[3]) : 0;
    row[1 + x * 4 + 3] = Math.round(a);
  }
  rows.push(row);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", header),
  chunk("IDAT", deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
writeFileSync("images/icon.png", png);
console.log(`wrote images/icon.png (${png.length} bytes)`);
