import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { childElements, parseXml, textOf } from './xml-reader.js';

describe('parseXml (the templates test reader)', () => {
  it('reads elements, attributes, text, references, comments and CDATA', () => {
    const root = parseXml('<?xml version="1.0" encoding="utf-8"?>\n<!-- c --><a x="1 &amp; 2" y=\'&quot;\'><b>t&lt;&#65;&#x42;</b><![CDATA[<raw>]]><c /></a>\n');
    assert.equal(root.name, 'a');
    assert.equal(root.attributes.get('x'), '1 & 2');
    assert.equal(root.attributes.get('y'), '"');
    const [b] = childElements(root, 'b');
    assert.ok(b !== undefined);
    assert.equal(textOf(b), 't<AB');
    assert.equal(textOf(root), '<raw>');
    assert.equal(childElements(root, 'c').length, 1);
  });

  it('normalises literal line ends and attribute whitespace, but not references', () => {
    const root = parseXml('<a x="1\t2\n3&#9;4&#10;5">l1\r\nl2\rl3&#13;</a>');
    assert.equal(root.attributes.get('x'), '1 2 3\t4\n5');
    assert.equal(textOf(root), 'l1\nl2\nl3\r');
  });

  it('refuses malformed documents, saying where', () => {
    const bad: Array<[string, RegExp]> = [
      ['<a><b></a></b>', /<\/a> closes <b>/],
      ['<a>', /<a> is not closed/],
      ['<a x="1" x="2"/>', /attribute x repeated/],
      ['<a x=1/>', /attribute x is not quoted/],
      ['<a x="<"/>', /expected "\\""/],
      ['<a>&</a>', /missing ";"|bad reference/],
      ['<a>&nbsp;</a>', /bad reference &nbsp;/],
      ['<a>]]></a>', /"]]>" in text/],
      ['<a/><b/>', /content after the root element/],
      ['text', /expected the root element/],
      ['<!DOCTYPE a><a/>', /expected the root element/],
      ['<a>\u0001</a>', /character U\+1 is not allowed/],
      ['<a><!-- x -- y --></a>', /"--" inside a comment/],
      ['<a b="1"c="2"/>', /expected whitespace/],
    ];
    for (const [text, message] of bad) assert.throws(() => parseXml(text), message, text);
  });
});
