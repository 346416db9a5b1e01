/**
 * Finds the module specifiers a TypeScript or JavaScript source refers to: static imports and
 * re-exports, `import type`, side-effect imports, dynamic `import()`, `require()` and
 * `import x = require()`. A small scanner rather than a full parser: it knows enough of the
 * language (comments, strings, template literals, regular expressions) not to be fooled by
 * text that only looks like an import.
 */

export interface ModuleReference {
  /** The specifier, or null when the code computes it (a dynamic import of a variable). */
  readonly specifier: string | null;
  readonly line: number;
  readonly kind: 'static' | 'dynamic' | 'require';
}

type Token =
  | { readonly kind: 'word'; readonly value: string; readonly line: number }
  | { readonly kind: 'string'; readonly value: string; readonly line: number }
  | { readonly kind: 'template'; readonly value: string | null; readonly line: number }
  | { readonly kind: 'punct'; readonly value: string; readonly line: number };

/** After these words a `/` starts a regular expression, not a division. */
const KEYWORDS_BEFORE_EXPRESSION = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

class Scanner {
  readonly tokens: Token[] = [];
  readonly #source: string;
  #at = 0;
  #line = 1;

  constructor(source: string) {
    this.#source = source;
  }

  scan(): Token[] {
    this.#code(false);
    return this.tokens;
  }

  /** Scans code until the end, or (inside a template substitution) until its closing brace. */
  #code(inTemplate: boolean): void {
    const s = this.#source;
    let depth = 0;
    while (this.#at < s.length) {
      const c = s[this.#at] ?? '';
      const next = s[this.#at + 1] ?? '';
      if (c === '\n') {
        this.#line++;
        this.#at++;
      } else if (c === '/' && next === '/') {
        while (this.#at < s.length && s[this.#at] !== '\n') this.#at++;
      } else if (c === '/' && next === '*') {
        const end = s.indexOf('*/', this.#at + 2);
        const stop = end === -1 ? s.length : end + 2;
        this.#countLines(this.#at, stop);
        this.#at = stop;
      } else if (c === '"' || c === "'") {
        this.#string(c);
      } else if (c === '`') {
        this.#template();
      } else if (c === '/' && this.#regexAllowed()) {
        this.#regex();
      } else if (/[A-Za-z_$]/.test(c)) {
        const start = this.#at;
        while (this.#at < s.length && /[\w$]/.test(s[this.#at] ?? '')) this.#at++;
        this.tokens.push({ kind: 'word', value: s.slice(start, this.#at), line: this.#line });
      } else if (/\d/.test(c)) {
        while (this.#at < s.length && /[\w.]/.test(s[this.#at] ?? '')) this.#at++;
        this.tokens.push({ kind: 'word', value: '0', line: this.#line });
      } else if (/\s/.test(c)) {
        this.#at++;
      } else {
        if (inTemplate && c === '{') depth++;
        if (inTemplate && c === '}' && depth-- === 0) {
          this.#at++;
          return;
        }
        this.tokens.push({ kind: 'punct', value: c, line: this.#line });
        this.#at++;
      }
    }
  }

  #string(quote: string): void {
    const s = this.#source;
    const line = this.#line;
    let value = '';
    this.#at++;
    while (this.#at < s.length && s[this.#at] !== quote && s[this.#at] !== '\n') {
      if (s[this.#at] === '\\') this.#at++;
      value += s[this.#at] ?? '';
      this.#at++;
    }
    this.#at++;
    this.tokens.push({ kind: 'string', value, line });
  }

  #template(): void {
    const s = this.#source;
    const line = this.#line;
    let value: string | null = '';
    this.#at++;
    while (this.#at < s.length && s[this.#at] !== '`') {
      const c = s[this.#at];
      if (c === '\\') {
        this.#at += 2;
        continue;
      }
      if (c === '$' && s[this.#at + 1] === '{') {
        value = null;
        this.#at += 2;
        this.#code(true);
        continue;
      }
      if (c === '\n') this.#line++;
      if (value !== null) value += c;
      this.#at++;
    }
    this.#at++;
    this.tokens.push({ kind: 'template', value, line });
  }

  #regexAllowed(): boolean {
    const previous = this.tokens.at(-1);
    if (previous === undefined) return true;
    if (previous.kind === 'word') return KEYWORDS_BEFORE_EXPRESSION.has(previous.value);
    if (previous.kind === 'punct') return !')]}'.includes(previous.value);
    return false;
  }

  #regex(): void {
    const s = this.#source;
    let inClass = false;
    this.#at++;
    while (this.#at < s.length && s[this.#at] !== '\n') {
      const c = s[this.#at];
      if (c === '\\') this.#at++;
      else if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) break;
      this.#at++;
    }
    this.#at++;
    while (this.#at < s.length && /[a-z]/i.test(s[this.#at] ?? '')) this.#at++;
    this.tokens.push({ kind: 'punct', value: 'regex', line: this.#line });
  }

  #countLines(from: number, to: number): void {
    for (let i = from; i < to; i++) if (this.#source[i] === '\n') this.#line++;
  }
}

function literal(token: Token | undefined): string | null | undefined {
  if (token?.kind === 'string') return token.value;
  if (token?.kind === 'template') return token.value;
  return undefined;
}

export function moduleReferences(source: string): ModuleReference[] {
  const tokens = new Scanner(source).scan();
  const references: ModuleReference[] = [];
  /** Whether the statement being read began with `import` or `export`. */
  let inDeclaration = false;
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    const previous = tokens[i - 1];
    if (token.kind === 'punct' && token.value === ';') inDeclaration = false;
    if (token.kind !== 'word') return;
    const isMember = previous?.kind === 'punct' && previous.value === '.';
    if (token.value === 'import' && !isMember && next?.kind === 'punct' && next.value === '(') {
      const argument = literal(tokens[i + 2]);
      const closes = tokens[i + 3]?.kind === 'punct' && (tokens[i + 3]?.value === ')' || tokens[i + 3]?.value === ',');
      references.push({ specifier: argument !== undefined && closes ? argument : null, line: token.line, kind: 'dynamic' });
    } else if (token.value === 'require' && !isMember && next?.kind === 'punct' && next.value === '(') {
      const argument = literal(tokens[i + 2]);
      const closes = tokens[i + 3]?.kind === 'punct' && tokens[i + 3]?.value === ')';
      references.push({ specifier: argument !== undefined && closes ? argument : null, line: token.line, kind: 'require' });
    } else if ((token.value === 'import' || token.value === 'export') && !isMember && !(next?.kind === 'punct' && next.value === '.')) {
      inDeclaration = true;
      // `import 'side-effect';`
      if (token.value === 'import' && next?.kind === 'string') references.push({ specifier: next.value, line: token.line, kind: 'static' });
    } else if (token.value === 'from' && inDeclaration && next?.kind === 'string') {
      references.push({ specifier: next.value, line: next.line, kind: 'static' });
      inDeclaration = false;
    }
  });
  return references;
}
