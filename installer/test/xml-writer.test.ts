import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { element, escapeAttribute, escapeText, renderXmlDocument } from '../src/xml-writer.js';
import { childElements, parseXml, textOf } from './xml-reader.js';

describe('xml-writer', () => {
  it('escapes text and attributes so a parser reads back exactly what was written', () => {
    const text = 'a & b < c > d ]]> "q" \'s\'\r\nline\ttab';
    const root = parseXml(renderXmlDocument(element('r', { value: text }, element('t', {}, text))));
    assert.equal(root.attributes.get('value'), text);
    const [t] = childElements(root, 't');
    assert.ok(t !== undefined);
    assert.equal(textOf(t), text);
  });

  it('escapes the characters markup depends on', () => {
    assert.equal(escapeText('<a>&'), '&lt;a&gt;&amp;');
    assert.equal(escapeAttribute('"\n\t'), '&quot;&#10;&#9;');
  });

  it('refuses characters XML 1.0 cannot hold', () => {
    assert.throws(() => escapeText('bell\u0007'), { name: 'RangeError', message: 'XML 1.0 cannot hold U+0007 in "bell\\u0007"' });
    assert.throws(() => escapeText('\uD800'), /U\+D800/);
  });

  it('indents elements, keeps text inline, and refuses mixed content', () => {
    assert.equal(
      renderXmlDocument(element('a', { n: 1 }, element('b', {}, 'x'), element('c'))),
      '<?xml version="1.0" encoding="utf-8"?>\n<a n="1">\n  <b>x</b>\n  <c />\n</a>\n',
    );
    assert.throws(() => renderXmlDocument(element('a', {}, 'x', element('b'))), /<a> mixes text and elements/);
  });
});
