import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkSources, classify, formatViolation, NEUTRAL_ROOTS, neutralSources } from '../src/import-boundary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('import boundary', () => {
  it('holds in this repository: neutral code imports no koffi, Electron or platform implementation', () => {
    const files = neutralSources(root);
    // Guards against a vacuous pass if the neutral folders move.
    assert.ok(files.filter((file) => file.path.startsWith('shared/src/')).length >= 10, 'shared/src has gone missing');
    assert.ok(files.filter((file) => file.path.startsWith('service/src/core/')).length >= 1, 'service/src/core has gone missing');
    assert.deepEqual(checkSources(files).map(formatViolation), []);
  });

  it('catches each kind of violation in a sample of neutral code', () => {
    const sample = [
      "import koffi from 'koffi';",
      "import type { Tray } from 'electron/main';",
      "import { ConsolePlatform } from '../platform/console/console-platform.js';",
      "import type { Platform } from '../platform/platform.js';",
      "const win = await import('@tandem/service/platform/windows/service-host');",
      "import { shell } from '../../../agent/src/electron/main.js';",
      "const name = 'koffi'; await import(name);",
      "import { z } from 'zod';",
      "import { commands } from '@tandem/shared';",
    ].join('\n');
    const violations = checkSources([
      { path: 'service/src/core/sample.ts', source: sample },
      // The same imports outside the neutral folders are allowed.
      { path: 'service/src/platform/windows/sample.ts', source: sample },
    ]);
    assert.deepEqual(violations.map(formatViolation), [
      "service/src/core/sample.ts:1: imports koffi ('koffi')",
      "service/src/core/sample.ts:2: imports electron ('electron/main')",
      "service/src/core/sample.ts:3: reaches into a platform implementation ('../platform/console/console-platform.js')",
      "service/src/core/sample.ts:5: reaches into a platform implementation ('@tandem/service/platform/windows/service-host')",
      "service/src/core/sample.ts:6: reaches into the Electron shell ('../../../agent/src/electron/main.js')",
      'service/src/core/sample.ts:7: computed module specifier: the boundary cannot be checked (computed)',
    ]);
  });

  it('covers the neutral folders the style guide names', () => {
    assert.deepEqual([...NEUTRAL_ROOTS], ['shared/src', 'service/src/core', 'agent/src/core', 'agent/src/renderer']);
    for (const neutral of NEUTRAL_ROOTS) {
      assert.equal(classify(`${neutral}/x.ts`, 'koffi'), 'imports koffi');
    }
    assert.equal(classify('agent/src/renderer/status.ts', '../electron/preload.js'), 'reaches into the Electron shell');
  });
});
