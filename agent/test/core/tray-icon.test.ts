import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { STATE_KINDS, TOOLTIP_LIMIT, trayIconFile, trayTooltip } from '../../src/core/tray-icon.js';

const iconsDir = fileURLToPath(new URL('../../../assets/icons/', import.meta.url));
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): [number, number] {
  const bytes = readFileSync(file);
  assert.deepEqual(bytes.subarray(0, 8), PNG_SIGNATURE, `${file} is not a PNG`);
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('tray icons', () => {
  it('has a 16 px icon and a 32 px @2x icon for every state on light and dark taskbars', () => {
    for (const kind of STATE_KINDS) {
      for (const taskbar of ['light', 'dark'] as const) {
        const file = trayIconFile(kind, taskbar);
        assert.deepEqual(pngSize(iconsDir + file), [16, 16], file);
        assert.deepEqual(pngSize(iconsDir + file.replace('.png', '@2x.png')), [32, 32], file);
      }
    }
  });

  it('gives each state its own picture', () => {
    for (const taskbar of ['light', 'dark'] as const) {
      const pictures = new Set(STATE_KINDS.map((kind) => readFileSync(iconsDir + trayIconFile(kind, taskbar)).toString('base64')));
      assert.equal(pictures.size, STATE_KINDS.length);
    }
  });

  it('has the application icon electron-builder needs (at least 256 px)', () => {
    const appIcon = fileURLToPath(new URL('../../../assets/icon.png', import.meta.url));
    assert.ok(existsSync(appIcon));
    assert.deepEqual(pngSize(appIcon), [256, 256]);
  });

  it('cuts long tooltips to what Windows shows', () => {
    assert.equal(trayTooltip('Tandem needs attention'), 'Tandem needs attention');
    const long = trayTooltip('x'.repeat(300));
    assert.equal(long.length, TOOLTIP_LIMIT);
    assert.ok(long.endsWith('…'));
  });
});
