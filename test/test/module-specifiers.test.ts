import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { moduleReferences } from '../src/module-specifiers.js';

const specifiers = (source: string): Array<string | null> => moduleReferences(source).map((reference) => reference.specifier);

describe('moduleReferences', () => {
  it('finds every form of import and re-export', () => {
    const source = [
      "import koffi from 'koffi';",
      "import type { BrowserWindow } from 'electron';",
      "import { a,",
      "  b } from './multi-line.js';",
      "import * as all from \"./double-quoted.js\";",
      "import './side-effect.js';",
      "export { c } from '../re-export.js';",
      "export * from './star.js';",
      "export type { D } from './type-only.js';",
      "const lazy = await import('./lazy.js');",
      "const old = require('./required.cjs');",
      "import legacy = require('legacy');",
      "type T = typeof import('./in-a-type.js');",
      "const meta = import.meta.url;",
    ].join('\n');
    assert.deepEqual(specifiers(source), [
      'koffi',
      'electron',
      './multi-line.js',
      './double-quoted.js',
      './side-effect.js',
      '../re-export.js',
      './star.js',
      './type-only.js',
      './lazy.js',
      './required.cjs',
      'legacy',
      './in-a-type.js',
    ]);
  });

  it('reports the line of each reference', () => {
    assert.deepEqual(
      moduleReferences("// one\nimport a from 'a';\n\n/* four\n five */ import('b');").map((reference) => [reference.specifier, reference.line, reference.kind]),
      [
        ['a', 2, 'static'],
        ['b', 5, 'dynamic'],
      ],
    );
  });

  it('marks a computed specifier as such', () => {
    assert.deepEqual(specifiers("const name = 'koffi';\nawait import(name);\nrequire(`${name}`);\nawait import(`plain`);"), [null, null, 'plain']);
  });

  it('is not fooled by comments, strings, templates or regular expressions that mention imports', () => {
    const source = [
      "// import koffi from 'koffi';",
      "/* import('electron') */",
      "const text = \"import x from 'koffi'\";",
      "const quoted = 'require(\"koffi\")';",
      "const template = `import('electron') ${'x'} from 'koffi'`;",
      "const pattern = /['\"]/g; const another = /from 'koffi'/;",
      "const ratio = a / b; const back = (c) / 2 /* import 'koffi' */;",
      "const from = { from: 'koffi' };",
      "import real from './real.js';",
    ].join('\n');
    assert.deepEqual(specifiers(source), ['./real.js']);
  });

  it('finds imports inside template substitutions', () => {
    assert.deepEqual(specifiers("const x = `${await import('./inside.js')}`;"), ['./inside.js']);
  });
});
