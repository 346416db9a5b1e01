#!/usr/bin/env node
// Draws the tray icons and the application icon into agent/assets/: PNG files (16 px and a 32 px
// @2x for the tray, 256 px for the app), and for Windows multi-size .ico files drawn at each size,
// so the icon stays sharp at 125 % and 150 % scaling (20 and 24 px) instead of being scaled from
// 16 or 32. Run it after changing a shape or a colour: `node agent/scripts/generate-icons.mjs`.
// The output is deterministic and committed, so builds need neither this script nor any tool.
//
// Each tray icon is a "T" glyph with a status badge in the lower right. The badge differs in
// shape as well as colour, so the states stay apart for colour-blind users and in grayscale:
//   connected         green disc
//   connecting        grey ring
//   unavailable       red disc with a white bar (a "no entry" sign)
//   version-mismatch  amber diamond
//   attention         amber triangle
// The glyph is dark on a light taskbar and white on a dark one; a transparent gap separates the
// badge from the glyph so both read on either taskbar.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const assets = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'assets');
const SUPERSAMPLE = 4;

// --- shapes, in a 16 × 16 design grid; each is a predicate on a point --------------------------

const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && dx * dx + dy * dy <= r * r;
};
const disc = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r, width) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= r && d >= r - width;
};
const diamond = (cx, cy, r) => (x, y) => Math.abs(x - cx) + Math.abs(y - cy) <= r;
const triangle = (cx, cy, r) => (x, y) => {
  // Pointing up, base at cy + 0.8r, apex at cy - r.
  const top = cy - r;
  const bottom = cy + 0.8 * r;
  if (y < top || y > bottom) return false;
  const halfWidth = ((y - top) / (bottom - top)) * r * 1.1;
  return Math.abs(x - cx) <= halfWidth;
};
const union = (...shapes) => (x, y) => shapes.some((shape) => shape(x, y));
const minus = (shape, hole) => (x, y) => shape(x, y) && !hole(x, y);

const glyph = union(roundedRect(1.5, 1.5, 12.5, 4.5, 1), roundedRect(5.5, 1.5, 8.5, 14.5, 1));
const BADGE = { cx: 11.5, cy: 11.5, r: 4.2 };
/** The badge's footprint plus a gap: the glyph is cut away under it. */
const badgeGap = disc(BADGE.cx, BADGE.cy, BADGE.r + 1.2);

const COLOURS = {
  green: [22, 163, 74],
  grey: [128, 128, 128],
  red: [220, 38, 38],
  amber: [245, 158, 11],
  white: [255, 255, 255],
  ink: [31, 31, 31],
  blue: [37, 99, 235],
};

const { cx, cy, r } = BADGE;
const BADGES = {
  connected: [{ shape: disc(cx, cy, r), colour: COLOURS.green }],
  connecting: [{ shape: ring(cx, cy, r, 1.6), colour: COLOURS.grey }],
  unavailable: [
    { shape: minus(disc(cx, cy, r), roundedRect(cx - 2.6, cy - 0.8, cx + 2.6, cy + 0.8, 0.3)), colour: COLOURS.red },
    { shape: roundedRect(cx - 2.6, cy - 0.8, cx + 2.6, cy + 0.8, 0.3), colour: COLOURS.white },
  ],
  'version-mismatch': [{ shape: diamond(cx, cy, r + 0.4), colour: COLOURS.amber }],
  attention: [{ shape: triangle(cx, cy + 0.3, r + 0.3), colour: COLOURS.amber }],
};

/** Layers drawn in order; each is a shape and a colour. */
function trayLayers(kind, taskbar) {
  const ink = taskbar === 'light' ? COLOURS.ink : COLOURS.white;
  return [{ shape: minus(glyph, badgeGap), colour: ink }, ...BADGES[kind]];
}

function appIconLayers() {
  return [
    { shape: roundedRect(0, 0, 16, 16, 3.2), colour: COLOURS.blue },
    { shape: union(roundedRect(3.5, 3.2, 12.5, 5.6, 0.8), roundedRect(6.8, 3.2, 9.2, 12.8, 0.8)), colour: COLOURS.white },
  ];
}

// --- rasterising and PNG encoding -------------------------------------------------------------

function render(layers, size) {
  const pixels = Buffer.alloc(size * size * 4);
  const scale = 16 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const { shape, colour } of layers) {
        let hits = 0;
        for (let sy = 0; sy < SUPERSAMPLE; sy++) {
          for (let sx = 0; sx < SUPERSAMPLE; sx++) {
            if (shape((px + (sx + 0.5) / SUPERSAMPLE) * scale, (py + (sy + 0.5) / SUPERSAMPLE) * scale)) hits++;
          }
        }
        const coverage = hits / SUPERSAMPLE ** 2;
        // "Over" compositing with straight alpha.
        const outA = coverage + a * (1 - coverage);
        if (outA > 0) {
          r = (colour[0] * coverage + r * a * (1 - coverage)) / outA;
          g = (colour[1] * coverage + g * a * (1 - coverage)) / outA;
          b = (colour[2] * coverage + b * a * (1 - coverage)) / outA;
        }
        a = outA;
      }
      pixels.set([Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)], (py * size + px) * 4);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(pixels, size) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, RGBA, deflate, no filter method, no interlace
  const rows = [];
  for (let y = 0; y < size; y++) rows.push(Buffer.from([0]), pixels.subarray(y * size * 4, (y + 1) * size * 4));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * An ICO file whose images are PNG-compressed, which Windows reads at every size since Vista:
 * ICONDIR (reserved, type 1, count), one 16-byte ICONDIRENTRY per image (width and height,
 * 0 meaning 256; no palette; 1 plane; 32 bits per pixel; byte length; offset), then the images.
 */
function encodeIco(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, index) => {
    const entry = 6 + 16 * index;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map(({ png }) => png)]);
}

function save(file, bytes) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  console.log(path.relative(process.cwd(), file));
}

function write(file, layers, size) {
  save(file, encodePng(render(layers, size), size));
}

function writeIco(file, layers, sizes) {
  save(file, encodeIco(sizes.map((size) => ({ size, png: encodePng(render(layers, size), size) }))));
}

// The sizes the notification area asks for at 100 % to 300 % scaling (SM_CXSMICON), and the
// app icon's for the taskbar, Alt+Tab, Explorer and the installer; agent/test checks both lists.
const TRAY_ICO_SIZES = [16, 20, 24, 32, 48];
const APP_ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 256];

for (const kind of Object.keys(BADGES)) {
  for (const taskbar of ['light', 'dark']) {
    // Names match trayIconFile() in src/core/tray-icon.ts; @2x is Electron's high-DPI convention.
    write(path.join(assets, 'icons', `tray-${kind}-${taskbar}.png`), trayLayers(kind, taskbar), 16);
    write(path.join(assets, 'icons', `tray-${kind}-${taskbar}@2x.png`), trayLayers(kind, taskbar), 32);
    writeIco(path.join(assets, 'icons', `tray-${kind}-${taskbar}.ico`), trayLayers(kind, taskbar), TRAY_ICO_SIZES);
  }
}
write(path.join(assets, 'icon.png'), appIconLayers(), 256);
writeIco(path.join(assets, 'icon.ico'), appIconLayers(), APP_ICO_SIZES);
