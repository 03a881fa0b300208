/**
 * The expression language of question files: a small, closed grammar parsed by hand (no mathjs
 * evaluation path, no units, no assignment). Scalars, vectors `[a, b]`, matrices `[[..],[..]]`,
 * strings `'exact'`, comparisons, `and`/`or`/`not`, indexing `v[1]` (1-based), calls of the
 * functions in ./functions.ts and nothing else.
 *
 *   or   := and ('or' and)*            and := not ('and' not)*          not := 'not' not | cmp
 *   cmp  := sum (('=='|'!='|'<'|'<='|'>'|'>=') sum)?
 *   sum  := prod (('+'|'-') prod)*      prod := unary (('*'|'/') unary)*
 *   unary:= ('-'|'+') unary | power     power := postfix ('^' unary)?      (2^3^2 = 2^9, -x^2 = -(x^2))
 *   postfix := primary ('!' | '[' or ']')*
 *   primary := number | string | name | name '(' args ')' | '(' or ')' | '[' items ']'
 */
import { Rational } from '../rational';
import { QuestionError } from './errors';
import { msg } from './messages';

export type Node =
  | { readonly k: 'num'; readonly value: Rational; readonly decimal: boolean }
  | { readonly k: 'str'; readonly value: string }
  | { readonly k: 'name'; readonly name: string }
  | { readonly k: 'list'; readonly items: readonly Node[] }
  | { readonly k: 'call'; readonly name: string; readonly args: readonly Node[] }
  | { readonly k: 'unary'; readonly op: '-' | 'not'; readonly arg: Node }
  | { readonly k: 'binary'; readonly op: BinaryOp; readonly left: Node; readonly right: Node }
  | { readonly k: 'index'; readonly target: Node; readonly index: Node }
  | { readonly k: 'factorial'; readonly arg: Node };

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

export const SYNTAX_LIMITS = { maxLength: 2000, maxNodes: 2000, maxDepth: 48, maxLiteralDigits: 60 } as const;

type Token =
  | { readonly t: 'num'; readonly text: string; readonly at: number }
  | { readonly t: 'str'; readonly text: string; readonly at: number }
  | { readonly t: 'name'; readonly text: string; readonly at: number }
  | { readonly t: 'op'; readonly text: string; readonly at: number }
  | { readonly t: 'end'; readonly text: ''; readonly at: number };

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '^', '(', ')', '[', ']', ',', '<', '>', '!'];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let nesting = 0;
  while (i < src.length) {
    const ch = src[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i, i + 80));
    if (num) {
      out.push({ t: 'num', text: num[0], at: i });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 80));
    if (name) {
      out.push({ t: 'name', text: name[0], at: i });
      i += name[0].length;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const end = src.indexOf(ch, i + 1);
      if (end < 0) throw new QuestionError(msg('syntax-unterminated-string', { column: i + 1 }));
      const text = src.slice(i + 1, end);
      if (!/^[A-Za-z0-9_ .-]{0,40}$/.test(text)) throw new QuestionError(msg('syntax-string-chars', { column: i + 1 }));
      out.push({ t: 'str', text, at: i });
      i = end + 1;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new QuestionError(msg('syntax-unexpected-character', { char: JSON.stringify(ch), column: i + 1 }));
    if (op === '(' || op === '[') {
      if (++nesting > SYNTAX_LIMITS.maxDepth) throw new QuestionError(msg('syntax-too-deep', { max: SYNTAX_LIMITS.maxDepth }));
    } else if (op === ')' || op === ']') nesting--;
    out.push({ t: 'op', text: op === '&&' ? 'and' : op === '||' ? 'or' : op, at: i });
    i += op.length;
  }
  out.push({ t: 'end', text: '', at: src.length });
  return out;
}

class Parser {
  #pos = 0;
  #nodes = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  get peek(): Token {
    return this.tokens[this.#pos] as Token;
  }
  #next(): Token {
    return this.tokens[this.#pos++] as Token;
  }
  #isOp(text: string): boolean {
    const t = this.peek;
    return (t.t === 'op' && t.text === text) || (t.t === 'name' && (text === 'and' || text === 'or' || text === 'not') && t.text === text);
  }
  #expect(text: string): void {
    if (!this.#isOp(text)) throw new QuestionError(msg('syntax-expected', { token: JSON.stringify(text), column: this.peek.at + 1 }));
    this.#pos++;
  }
  #node(n: Node, depth: number): Node {
    if (++this.#nodes > SYNTAX_LIMITS.maxNodes) throw new QuestionError(msg('expression-too-large', { max: SYNTAX_LIMITS.maxNodes }));
    if (depth > SYNTAX_LIMITS.maxDepth * 12) throw new QuestionError(msg('syntax-too-deep', { max: SYNTAX_LIMITS.maxDepth }));
    return n;
  }

  or(d: number): Node {
    this.#depth(d);
    let left = this.and(d + 1);
    while (this.#isOp('or')) {
      this.#pos++;
      left = this.#node({ k: 'binary', op: 'or', left, right: this.and(d + 1) }, d);
    }
    return left;
  }
  and(d: number): Node {
    let left = this.not(d + 1);
    while (this.#isOp('and')) {
      this.#pos++;
      left = this.#node({ k: 'binary', op: 'and', left, right: this.not(d + 1) }, d);
    }
    return left;
  }
  not(d: number): Node {
    this.#depth(d);
    if (this.#isOp('not') || this.#isOp('!')) {
      this.#pos++;
      return this.#node({ k: 'unary', op: 'not', arg: this.not(d + 1) }, d);
    }
    return this.cmp(d + 1);
  }
  cmp(d: number): Node {
    const left = this.sum(d + 1);
    for (const op of ['==', '!=', '<=', '>=', '<', '>'] as const) {
      if (this.#isOp(op)) {
        this.#pos++;
        const right = this.sum(d + 1);
        if (['==', '!=', '<=', '>=', '<', '>'].some((o) => this.#isOp(o))) throw new QuestionError(msg('syntax-chained-comparison'));
        return this.#node({ k: 'binary', op, left, right }, d);
      }
    }
    return left;
  }
  sum(d: number): Node {
    let left = this.prod(d + 1);
    for (;;) {
      const op = this.#isOp('+') ? '+' : this.#isOp('-') ? '-' : null;
      if (!op) return left;
      this.#pos++;
      left = this.#node({ k: 'binary', op, left, right: this.prod(d + 1) }, d);
    }
  }
  prod(d: number): Node {
    let left = this.unary(d + 1);
    for (;;) {
      const op = this.#isOp('*') ? '*' : this.#isOp('/') ? '/' : null;
      if (!op) {
        const t = this.peek;
        if (t.t === 'num' || t.t === 'name' || (t.t === 'op' && t.text === '(')) {
          if (!(t.t === 'name' && ['and', 'or', 'not'].includes(t.text))) {
            throw new QuestionError(msg('syntax-implicit-multiplication', { column: t.at + 1 }));
          }
        }
        return left;
      }
      this.#pos++;
      left = this.#node({ k: 'binary', op, left, right: this.unary(d + 1) }, d);
    }
  }
  unary(d: number): Node {
    this.#depth(d);
    if (this.#isOp('-')) {
      this.#pos++;
      return this.#node({ k: 'unary', op: '-', arg: this.unary(d + 1) }, d);
    }
    if (this.#isOp('+')) {
      this.#pos++;
      return this.unary(d + 1);
    }
    return this.power(d + 1);
  }
  power(d: number): Node {
    const base = this.postfix(d + 1);
    if (this.#isOp('^')) {
      this.#pos++;
      return this.#node({ k: 'binary', op: '^', left: base, right: this.unary(d + 1) }, d);
    }
    return base;
  }
  postfix(d: number): Node {
    let node = this.primary(d + 1);
    for (;;) {
      if (this.#isOp('!') && !(this.tokens[this.#pos + 1]?.text === '=')) {
        this.#pos++;
        node = this.#node({ k: 'factorial', arg: node }, d);
      } else if (this.#isOp('[')) {
        this.#pos++;
        const index = this.or(d + 1);
        this.#expect(']');
        node = this.#node({ k: 'index', target: node, index }, d);
      } else return node;
    }
  }
  primary(d: number): Node {
    this.#depth(d);
    const t = this.#next();
    if (t.t === 'num') {
      const digits = t.text.replace(/[eE].*$/, '').replace(/\./, '').replace(/^0+/, '');
      if (digits.length > SYNTAX_LIMITS.maxLiteralDigits) throw new QuestionError(msg('syntax-literal-too-long', { text: t.text.slice(0, 20) }));
      const value = Rational.parseDecimal(t.text, 400);
      if (!value) throw new QuestionError(msg('syntax-number-out-of-range', { text: t.text.slice(0, 20) }));
      return this.#node({ k: 'num', value, decimal: /[.eE]/.test(t.text) }, d);
    }
    if (t.t === 'str') return this.#node({ k: 'str', value: t.text }, d);
    if (t.t === 'name') {
      if (['and', 'or', 'not'].includes(t.text)) throw new QuestionError(msg('syntax-unexpected', { token: t.text, column: t.at + 1 }));
      if (this.#isOp('(')) {
        this.#pos++;
        const args: Node[] = [];
        if (!this.#isOp(')')) {
          for (;;) {
            args.push(this.or(d + 1));
            if (this.#isOp(',')) this.#pos++;
            else break;
          }
        }
        this.#expect(')');
        return this.#node({ k: 'call', name: t.text, args }, d);
      }
      return this.#node({ k: 'name', name: t.text }, d);
    }
    if (t.t === 'op' && t.text === '(') {
      const inner = this.or(d + 1);
      this.#expect(')');
      return inner;
    }
    if (t.t === 'op' && t.text === '[') {
      const items: Node[] = [];
      if (!this.#isOp(']')) {
        for (;;) {
          items.push(this.or(d + 1));
          if (this.#isOp(',')) this.#pos++;
          else break;
        }
      }
      this.#expect(']');
      if (items.length === 0) throw new QuestionError(msg('syntax-empty-brackets'));
      return this.#node({ k: 'list', items }, d);
    }
    throw new QuestionError(t.t === 'end' ? msg('syntax-ends-early') : msg('syntax-unexpected', { token: JSON.stringify(t.text), column: t.at + 1 }));
  }

  #depth(d: number): void {
    if (d > SYNTAX_LIMITS.maxDepth * 12) throw new QuestionError(msg('syntax-too-deep', { max: SYNTAX_LIMITS.maxDepth }));
  }
}

/**
 * Parses one question-file expression; throws QuestionError with a readable message.
 *
 * @example
 * parseQuestionExpr('subs(grad(f, [x, y]), [x, y], v)').k  // 'call'
 * parseQuestionExpr('1:9')                                  // throws: unexpected character ":"
 */
export function parseQuestionExpr(text: unknown): Node {
  if (typeof text === 'number' && Number.isFinite(text)) text = String(text);
  if (typeof text === 'boolean') text = text ? 'true' : 'false';
  if (typeof text !== 'string') throw new QuestionError(msg('syntax-not-text'));
  if (text.length > SYNTAX_LIMITS.maxLength) throw new QuestionError(msg('syntax-too-long', { max: SYNTAX_LIMITS.maxLength }));
  if (text.trim() === '') throw new QuestionError(msg('syntax-empty'));
  const parser = new Parser(tokenize(text));
  const node = parser.or(0);
  if (parser.peek.t !== 'end') throw new QuestionError(msg('syntax-unexpected', { token: JSON.stringify(parser.peek.text), column: parser.peek.at + 1 }));
  return node;
}

/** Names an expression reads (not function names, not bound by sum/first). */
export function namesIn(node: Node, bound: ReadonlySet<string> = new Set()): Set<string> {
  const out = new Set<string>();
  const walk = (n: Node, b: ReadonlySet<string>): void => {
    switch (n.k) {
      case 'name':
        if (!b.has(n.name)) out.add(n.name);
        return;
      case 'num':
      case 'str':
        return;
      case 'list':
        n.items.forEach((i) => walk(i, b));
        return;
      case 'call': {
        if ((n.name === 'sum' || n.name === 'first' || n.name === 'prod') && n.args[1]?.k === 'name') {
          const inner = new Set(b);
          inner.add(n.args[1].name);
          n.args.forEach((a, i) => (i === 1 ? undefined : walk(a, i === 0 ? inner : b)));
          return;
        }
        n.args.forEach((a) => walk(a, b));
        return;
      }
      case 'unary':
      case 'factorial':
        walk(n.arg, b);
        return;
      case 'binary':
        walk(n.left, b);
        walk(n.right, b);
        return;
      case 'index':
        walk(n.target, b);
        walk(n.index, b);
        return;
    }
  };
  walk(node, bound);
  return out;
}
