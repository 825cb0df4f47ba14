// Writes the app icons (assets/icons/<size>x<size>.png and icon.png, 1024x1024) with nothing but node:zlib: a dark
// rounded square with candlesticks and a rising green line. Run: node scripts/make-icons.mjs
import { deflateSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'assets', 'icons');
// Linux's hicolor theme and the Windows .ico take 16-256 (24 and 48 included); macOS wants 512 and 1024 for
// Retina; icon.png (the 1024 one) is what the dmg and nsis targets convert from.
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

// --- PNG encoding -------------------------------------------------------------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(buffer) >>> 0;
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- drawing, in unit coordinates (0..1, y down) ------------------------------------------------------------
const hex = (h, a = 1) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16), a];
const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
function segmentDistance(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
const polyline = (points, width) => (x, y) => {
  for (let i = 1; i < points.length; i++) if (segmentDistance(x, y, points[i - 1], points[i]) <= width / 2) return true;
  return false;
};

// Candles: [centre x, wick top, wick bottom, body top, body bottom, colour]
const green = '#22c55e';
const red = '#ef4444';
const candles = [
  [0.24, 0.56, 0.82, 0.62, 0.76, green],
  [0.41, 0.48, 0.74, 0.53, 0.66, red],
  [0.58, 0.36, 0.66, 0.41, 0.58, green],
  [0.75, 0.2, 0.5, 0.25, 0.43, green],
];
const inside = roundedRect(0.04, 0.04, 0.96, 0.96, 0.2);
const layers = [
  { test: inside, color: hex('#0f172a') },
  { test: (x, y) => inside(x, y) && !roundedRect(0.07, 0.07, 0.93, 0.93, 0.17)(x, y), color: hex('#1e293b') },
  ...candles.flatMap(([cx, wt, wb, bt, bb, colour]) => [
    { test: rect(cx - 0.012, wt, cx + 0.012, wb), color: hex(colour, 0.85) },
    { test: rect(cx - 0.055, bt, cx + 0.055, bb), color: hex(colour) },
  ]),
  {
    test: polyline([[0.14, 0.8], [0.33, 0.64], [0.48, 0.68], [0.66, 0.46], [0.86, 0.18]], 0.055),
    color: hex('#4ade80'),
  },
];

function render(size, extra = []) {
  const all = [...layers, ...extra];
  const samples = size <= 64 ? 6 : 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          // Premultiplied "over" of every layer that covers this sample.
          let cr = 0, cg = 0, cb = 0, ca = 0;
          for (const layer of all) {
            if (!layer.test(x, y)) continue;
            const [lr, lg, lb, la] = layer.color;
            cr = lr * la + cr * (1 - la);
            cg = lg * la + cg * (1 - la);
            cb = lb * la + cb * (1 - la);
            ca = la + ca * (1 - la);
          }
          r += cr; g += cg; b += cb; a += ca;
        }
      }
      const n = samples * samples;
      const i = (py * size + px) * 4;
      const alpha = a / n;
      rgba[i] = alpha > 0 ? Math.round(r / n / alpha) : 0;
      rgba[i + 1] = alpha > 0 ? Math.round(g / n / alpha) : 0;
      rgba[i + 2] = alpha > 0 ? Math.round(b / n / alpha) : 0;
      rgba[i + 3] = Math.round(alpha * 255);
    }
  }
  return encodePng(size, rgba);
}

mkdirSync(outDir, { recursive: true });
for (const size of SIZES) {
  const png = render(size);
  writeFileSync(join(outDir, `${size}x${size}.png`), png);
  if (size === 1024) writeFileSync(join(outDir, 'icon.png'), png);
  process.stdout.write(`wrote assets/icons/${size}x${size}.png (${png.length} bytes)\n`);
}

// Tray icons per state (src-main/electron/tray-model.ts): the app icon with a status dot, ringed in the
// background colour so it reads on light and dark panels.
const TRAY_STATES = { connected: '#22c55e', disconnected: '#94a3b8', halted: '#ef4444', alert: '#f59e0b' };
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
mkdirSync(join(outDir, 'tray'), { recursive: true });
for (const [state, colour] of Object.entries(TRAY_STATES)) {
  for (const size of [16, 32]) {
    const dot = [
      { test: circle(0.76, 0.76, 0.26), color: hex('#0b0f14') },
      { test: circle(0.76, 0.76, 0.19), color: hex(colour) },
    ];
    const png = render(size, dot);
    writeFileSync(join(outDir, 'tray', `${state}-${size}.png`), png);
    process.stdout.write(`wrote assets/icons/tray/${state}-${size}.png (${png.length} bytes)\n`);
  }
}
