/**
 * A strict reader for the XML the templates use: a declaration, elements, attributes, text,
 * character and the five predefined entity references, comments and CDATA. Anything else, and
 * anything malformed (a stray `<` or `&`, a mismatched or unclosed tag, a repeated attribute,
 * two roots), throws with the offset, so a test can say the templates are well-formed.
 */
export type XmlTreeNode = XmlTree | string;

export interface XmlTree {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlTreeNode[];
}

const NAME = /[A-Za-z_][A-Za-z0-9._:-]*/y;
const SPACE = /[ \t\r\n]*/y;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

class Reader {
  #at = 0;
  constructor(readonly text: string) {}

  fail(message: string): never {
    throw new SyntaxError(`XML: ${message} at offset ${this.#at}`);
  }
  get done(): boolean {
    return this.#at >= this.text.length;
  }
  peek(literal: string): boolean {
    return this.text.startsWith(literal, this.#at);
  }
  take(literal: string): boolean {
    if (!this.peek(literal)) return false;
    this.#at += literal.length;
    return true;
  }
  expect(literal: string): void {
    if (!this.take(literal)) this.fail(`expected ${JSON.stringify(literal)}`);
  }
  match(pattern: RegExp): string {
    pattern.lastIndex = this.#at;
    const found = pattern.exec(this.text)?.[0] ?? '';
    this.#at += found.length;
    return found;
  }
  until(end: string): string {
    const stop = this.text.indexOf(end, this.#at);
    if (stop < 0) this.fail(`missing ${JSON.stringify(end)}`);
    const body = this.text.slice(this.#at, stop);
    this.#at = stop + end.length;
    return body;
  }
  name(): string {
    return this.match(NAME) || this.fail('expected a name');
  }

  /** Character data up to `stop` or the next `<`, with references resolved. */
  characters(stop: string, inAttribute: boolean): string {
    let out = '';
    while (!this.done && !this.peek(stop) && !this.peek('<')) {
      if (this.take('&')) {
        const ref = this.until(';');
        const code = /^#x[0-9A-Fa-f]+$/.test(ref) ? parseInt(ref.slice(2), 16) : /^#[0-9]+$/.test(ref) ? Number(ref.slice(1)) : undefined;
        const char = code === undefined ? ENTITIES[ref] : String.fromCodePoint(code);
        if (char === undefined || NOT_XML_CHAR.test(char)) this.fail(`bad reference &${ref};`);
        out += char;
      } else if (this.peek(']]>')) {
        this.fail('"]]>" in text');
      } else {
        // Line ends read as LF; in an attribute, literal whitespace reads as a space. References
        // (&#13; &#10; &#9;) are how a writer keeps them, so those are left as they are.
        let char = this.text.charAt(this.#at);
        this.#at++;
        if (char === '\r') {
          this.take('\n');
          char = '\n';
        }
        out += inAttribute && (char === '\n' || char === '\t') ? ' ' : char;
      }
    }
    return out;
  }
}

function readMisc(reader: Reader): void {
  for (;;) {
    reader.match(SPACE);
    if (!reader.take('<!--')) return;
    if (reader.until('-->').includes('--')) reader.fail('"--" inside a comment');
  }
}

function readElement(reader: Reader): XmlTree {
  reader.expect('<');
  const name = reader.name();
  const attributes = new Map<string, string>();
  for (;;) {
    const space = reader.match(SPACE);
    if (reader.take('/>')) return { name, attributes, children: [] };
    if (reader.take('>')) break;
    if (space === '') reader.fail(`expected whitespace, ">" or "/>" in <${name}>`);
    const attribute = reader.name();
    reader.match(SPACE);
    reader.expect('=');
    reader.match(SPACE);
    const quote = reader.take('"') ? '"' : reader.take("'") ? "'" : reader.fail(`attribute ${attribute} is not quoted`);
    const value = reader.characters(quote, true);
    reader.expect(quote);
    if (attributes.has(attribute)) reader.fail(`attribute ${attribute} repeated in <${name}>`);
    attributes.set(attribute, value);
  }
  const children: XmlTreeNode[] = [];
  for (;;) {
    if (reader.done) reader.fail(`<${name}> is not closed`);
    if (reader.take('</')) {
      const closing = reader.name();
      if (closing !== name) reader.fail(`</${closing}> closes <${name}>`);
      reader.match(SPACE);
      reader.expect('>');
      return { name, attributes, children };
    }
    if (reader.take('<!--')) {
      if (reader.until('-->').includes('--')) reader.fail('"--" inside a comment');
    } else if (reader.take('<![CDATA[')) {
      children.push(reader.until(']]>'));
    } else if (reader.peek('<')) {
      children.push(readElement(reader));
    } else {
      children.push(reader.characters('<', false));
    }
  }
}

export function parseXml(text: string): XmlTree {
  const reader = new Reader(text);
  const bad = NOT_XML_CHAR.exec(text);
  if (bad !== null) reader.fail(`character U+${(bad[0].codePointAt(0) ?? 0).toString(16)} is not allowed`);
  if (reader.take('<?xml')) reader.until('?>');
  readMisc(reader);
  if (!reader.peek('<') || reader.peek('<!') || reader.peek('<?')) reader.fail('expected the root element');
  const root = readElement(reader);
  readMisc(reader);
  if (!reader.done) reader.fail('content after the root element');
  return root;
}

/** The element children of `node` named `name` (all element children without a name). */
export function childElements(node: XmlTree, name?: string): XmlTree[] {
  return node.children.filter((child): child is XmlTree => typeof child !== 'string' && (name === undefined || child.name === name));
}

/** The concatenated text directly inside `node`. */
export function textOf(node: XmlTree): string {
  return node.children.filter((child): child is string => typeof child === 'string').join('');
}

/** Every element in the tree, depth first. */
export function* allElements(node: XmlTree): Generator<XmlTree> {
  yield node;
  for (const child of childElements(node)) yield* allElements(child);
}
