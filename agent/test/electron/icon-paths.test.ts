import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { STATE_KINDS } from '../../src/core/tray-icon.js';
import { appIconPath, trayIconPath } from '../../src/electron/icon-paths.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The images of an ICO file: each entry's declared size and the size of the PNG it holds. */
function icoImages(file: string): Array<{ declared: number; png: [number, number] }> {
  const bytes = readFileSync(file);
  assert.deepEqual([bytes.readUInt16LE(0), bytes.readUInt16LE(2)], [0, 1], `${file} is not an ICO file`);
  const count = bytes.readUInt16LE(4);
  return Array.from({ length: count }, (_, index) => {
    const entry = 6 + 16 * index;
    const [width, height] = [bytes.readUInt8(entry) || 256, bytes.readUInt8(entry + 1) || 256];
    assert.equal(width, height, `${file}: entry ${index} is not square`);
    assert.deepEqual([bytes.readUInt16LE(entry + 4), bytes.readUInt16LE(entry + 6)], [1, 32], `${file}: entry ${index} planes and bits`);
    const [length, offset] = [bytes.readUInt32LE(entry + 8), bytes.readUInt32LE(entry + 12)];
    assert.ok(offset + length <= bytes.length, `${file}: entry ${index} runs past the end`);
    const png = bytes.subarray(offset, offset + length);
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE, `${file}: entry ${index} is not a PNG`);
    return { declared: width, png: [png.readUInt32BE(16), png.readUInt32BE(20)] };
  });
}

describe('icon paths', () => {
  it('gives Windows a .ico per state and taskbar, drawn at 16, 20, 24, 32 and 48 px', () => {
    for (const kind of STATE_KINDS) {
      for (const taskbar of ['light', 'dark'] as const) {
        const file = trayIconPath(kind, taskbar, 'win32');
        assert.equal(path.extname(file), '.ico');
        const images = icoImages(file);
        assert.deepEqual(images.map((image) => image.declared), [16, 20, 24, 32, 48], file);
        for (const image of images) assert.deepEqual(image.png, [image.declared, image.declared], file);
      }
    }
  });

  it('gives other systems the PNG, which Electron pairs with its @2x file', () => {
    const file = trayIconPath('connected', 'dark', 'linux');
    assert.equal(path.basename(file), 'tray-connected-dark.png');
    assert.ok(existsSync(file) && existsSync(file.replace('.png', '@2x.png')));
  });

  it('has an application .ico from 16 to 256 px, as the exe, the taskbar and the installer use it', () => {
    const images = icoImages(appIconPath('win32'));
    assert.deepEqual(images.map((image) => image.declared), [16, 20, 24, 32, 40, 48, 64, 256]);
    for (const image of images) assert.deepEqual(image.png, [image.declared, image.declared]);
    assert.equal(path.basename(appIconPath('linux')), 'icon.png');
  });
});
