/**
 * XML text built from a tree, so escaping happens in one place and no caller concatenates markup.
 * Elements holding only text print on one line (their text is content, not layout); others
 * print their children indented. Characters XML 1.0 cannot carry are refused, not dropped.
 */
export type XmlNode = XmlElement | string;

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string | number>>;
  readonly children: readonly XmlNode[];
}

export function element(name: string, attributes: Readonly<Record<string, string | number>> = {}, ...children: XmlNode[]): XmlElement {
  return { name, attributes, children };
}

// Tab, LF, CR and everything from U+0020 up, without lone surrogates, U+FFFE and U+FFFF.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function checked(text: string): string {
  const bad = NOT_XML_CHAR.exec(text);
  if (bad !== null) throw new RangeError(`XML 1.0 cannot hold U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} in ${JSON.stringify(text.slice(0, 40))}`);
  return text;
}

export function escapeText(text: string): string {
  // `>` too, so `]]>` can never appear; CR as a reference, or a parser turns it into LF.
  return checked(text).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('\r', '&#13;');
}

export function escapeAttribute(value: string): string {
  // Parsers turn a raw tab or line break inside an attribute into a space; references keep them.
  return escapeText(value).replaceAll('"', '&quot;').replaceAll('\t', '&#9;').replaceAll('\n', '&#10;');
}

function render(node: XmlElement, indent: string): string {
  const attributes = Object.entries(node.attributes)
    .map(([name, value]) => ` ${name}="${escapeAttribute(String(value))}"`)
    .join('');
  const open = `${indent}<${node.name}${attributes}`;
  if (node.children.length === 0) return `${open} />`;
  const texts = node.children.filter((child): child is string => typeof child === 'string');
  if (texts.length === node.children.length) return `${open}>${texts.map(escapeText).join('')}</${node.name}>`;
  if (texts.length > 0) throw new Error(`<${node.name}> mixes text and elements; indentation would change its text`);
  const elements = node.children.filter((child): child is XmlElement => typeof child !== 'string');
  const inner = elements.map((child) => render(child, `${indent}  `)).join('\n');
  return `${open}>\n${inner}\n${indent}</${node.name}>`;
}

/** The document: declaration, then `root`, ending with a newline. */
export function renderXmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${render(root, '')}\n`;
}
