import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkStage, DEFAULT_STAGE, stageDirectory, stagePathForWix, STAGE_ENV, WIX_DIR } from '../src/electron-builder-hook.js';
import { stagedSources } from '../src/electron-builder-splice.js';

const FRAGMENT = readFileSync(path.join(WIX_DIR, 'tandem-service.wxs'), 'utf8');

describe('stageDirectory', () => {
  it(`is ${STAGE_ENV} when set, resolved from the working directory`, () => {
    assert.equal(stageDirectory({ [STAGE_ENV]: 'some/stage' }), path.resolve('some/stage'));
  });

  it("is stage-install.mjs's default otherwise", () => {
    assert.equal(stageDirectory({}), DEFAULT_STAGE);
    assert.equal(stageDirectory({ [STAGE_ENV]: '' }), DEFAULT_STAGE);
    assert.match(DEFAULT_STAGE, /[\\/]artifacts[\\/]msi[\\/]stage$/);
  });
});

describe('stagePathForWix', () => {
  it('is the Windows path on Windows', () => {
    assert.equal(stagePathForWix('C:\\a\\stage', 'win32'), 'C:\\a\\stage');
  });

  it("is Wine's Z: path elsewhere, where electron-builder runs WiX under Wine", () => {
    assert.equal(stagePathForWix('/work/artifacts/stage', 'linux'), 'Z:\\work\\artifacts\\stage');
  });
});

describe('checkStage', () => {
  let stage = '';

  before(() => {
    stage = mkdtempSync(path.join(os.tmpdir(), 'tandem-stage-'));
    for (const source of stagedSources(FRAGMENT)) {
      mkdirSync(path.dirname(path.join(stage, source)), { recursive: true });
      writeFileSync(path.join(stage, source), '');
    }
    writeFileSync(path.join(stage, 'service', 'install.json'), JSON.stringify({ product: 'tandem', version: '0.2.3', node: '22.22.2' }));
  });

  after(() => rmSync(stage, { recursive: true, force: true }));

  it('accepts a complete stage of the MSI version', () => {
    checkStage(stage, FRAGMENT, '0.2.3.0');
  });

  it('refuses a missing stage, saying how to make one', () => {
    assert.throws(() => checkStage(path.join(stage, 'nowhere'), FRAGMENT, '0.2.3.0'), /no staged service at .*nowhere: run `npm run build` then `node scripts\/stage-install.mjs/);
  });

  it('names the files a stage lacks', () => {
    rmSync(path.join(stage, 'service', 'koffi.node'));
    try {
      assert.throws(() => checkStage(stage, FRAGMENT, '0.2.3.0'), /lacks service\/koffi\.node/);
    } finally {
      writeFileSync(path.join(stage, 'service', 'koffi.node'), '');
    }
  });

  it('refuses a stage of another version than the MSI', () => {
    assert.throws(() => checkStage(stage, FRAGMENT, '0.2.4.0'), /holds Tandem 0\.2\.3, but the MSI is version 0\.2\.4\.0: stage with --version 0\.2\.4, or build with -c\.extraMetadata\.version=0\.2\.3/);
  });
});
