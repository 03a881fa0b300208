/**
 * The parsing sandbox: learner text → engine AST, or a reason why not.
 *
 * Layers of defence, cheapest first:
 *  1. type and length cap (`maxLength`), Unicode normalisation (full-width ，（） from Chinese
 *     keyboards, −, ×, ÷, ², √);
 *  2. a character allow-list: digits, ASCII letters, `_ . , + - * / ^ ( ) [ ] ! |`, spaces and π
 *     (`|x|` bars become `abs(x)`, see `absoluteBars`) —
 *     so ranges (`1:9`), assignments, strings, objects, matrices-by-`;`, transposes, comparisons
 *     and `@#$` never reach the parser;
 *  3. bracket nesting cap, then mathjs's parser (numbers as BigNumber, so `0.1` stays 1/10);
 *  4. an allow-list walk over mathjs's node tree: only constants, symbols, + - * / ^ unary ±, !,
 *     parentheses, arrays and calls of known functions survive; every symbol must be a known
 *     constant (`pi`, `π`, `e`) or an allowed variable; literals beyond 10^±400 are refused;
 *  5. caps on node count and tree depth of the result.
 * Nothing here ever evaluates anything with mathjs.
 */
import { Rational } from './rational';
import { parseMath, isDecimal, type DecimalValue, type MathNode } from './mathjs-adapter';
import { add, depth, div, type DecimalLiteral, type Expr, type FnName, fn, isConstant, mul, neg, pow, vec, E, PI } from './ast';
import { bi, type Bilingual } from './i18n';

/** Why a text was refused. Stable codes, safe to show or translate. */
export type InvalidReason =
  | 'not-text'
  | 'empty'
  | 'too-long'
  | 'too-deep'
  | 'too-large'
  | 'bad-character'
  | 'syntax'
  | 'unknown-symbol'
  | 'unknown-function'
  | 'not-allowed'
  | 'number-too-large'
  | 'wrong-arity'
  | 'needs-integer'
  | 'not-real'
  | 'wrong-shape'
  | 'missing-part'
  /** The engine could not decide within its work and precision limits (engine/budget.ts). */
  | 'undecided';

export interface ParseFailure {
  readonly ok: false;
  readonly reason: InvalidReason;
  readonly message: Bilingual;
}
export type ParseResult = { readonly ok: true; readonly expr: Expr } | ParseFailure;

export interface ParseOptions {
  /** Variable names allowed, or `'any'` identifier (equivalence of free expressions). Default: none. */
  readonly variables?: readonly string[] | 'any';
  /** Cap on the text length in characters. Default 4000. */
  readonly maxLength?: number;
  /** Cap on AST nodes. Default 2000. */
  readonly maxNodes?: number;
}

export const PARSE_LIMITS = {
  maxLength: 4000,
  maxBracketDepth: 32,
  maxNodes: 2000,
  maxTreeDepth: 200,
  maxArrayItems: 400,
  maxLiteralExponent: 400,
  maxVariables: 12,
} as const;

const FUNCTIONS: ReadonlyMap<string, { readonly name: FnName; readonly arity: readonly number[] }> = new Map([
  ['sqrt', { name: 'sqrt', arity: [1] }],
  ['cbrt', { name: 'cbrt', arity: [1] }],
  ['nthRoot', { name: 'nthroot', arity: [2] }],
  ['nthroot', { name: 'nthroot', arity: [2] }],
  ['root', { name: 'nthroot', arity: [2] }],
  ['abs', { name: 'abs', arity: [1] }],
  ['floor', { name: 'floor', arity: [1] }],
  ['ceil', { name: 'ceil', arity: [1] }],
  ['max', { name: 'max', arity: [2, 3, 4, 5, 6, 7, 8] }],
  ['min', { name: 'min', arity: [2, 3, 4, 5, 6, 7, 8] }],
  ['exp', { name: 'exp', arity: [1] }],
  ['ln', { name: 'ln', arity: [1] }],
  ['log', { name: 'log', arity: [1, 2] }],
  ['log10', { name: 'log10', arity: [1] }],
  ['lg', { name: 'log10', arity: [1] }],
  ['log2', { name: 'log2', arity: [1] }],
  ['sin', { name: 'sin', arity: [1] }],
  ['cos', { name: 'cos', arity: [1] }],
  ['tan', { name: 'tan', arity: [1] }],
  ['sec', { name: 'sec', arity: [1] }],
  ['csc', { name: 'csc', arity: [1] }],
  ['cot', { name: 'cot', arity: [1] }],
  ['asin', { name: 'asin', arity: [1] }],
  ['acos', { name: 'acos', arity: [1] }],
  ['atan', { name: 'atan', arity: [1] }],
  ['arcsin', { name: 'asin', arity: [1] }],
  ['arccos', { name: 'acos', arity: [1] }],
  ['arctan', { name: 'atan', arity: [1] }],
  ['sinh', { name: 'sinh', arity: [1] }],
  ['cosh', { name: 'cosh', arity: [1] }],
  ['tanh', { name: 'tanh', arity: [1] }],
  ['sign', { name: 'sign', arity: [1] }],
  ['sgn', { name: 'sign', arity: [1] }],
  ['factorial', { name: 'factorial', arity: [1] }],
  ['binom', { name: 'binom', arity: [2] }],
  ['nCr', { name: 'binom', arity: [2] }],
  ['C', { name: 'binom', arity: [2] }],
  ['choose', { name: 'binom', arity: [2] }],
  ['combinations', { name: 'binom', arity: [2] }],
]);

/** Names that can never be variables. */
const RESERVED = new Set([
  'i', 'I', 'Infinity', 'NaN', 'inf', 'undefined', 'null', 'true', 'false', 'none', 'pi', 'PI', 'e', 'E',
  'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'end', 'to', 'in', 'and', 'or',
  'not', 'xor', 'mod',
]);

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,15}$/;

/** Is `name` usable as a variable name in answers and family definitions? */
export function isVariableName(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED.has(name) && !FUNCTIONS.has(name);
}

const NODE_NAMES: Readonly<Record<string, Bilingual>> = {
  AssignmentNode: bi('assignments are not allowed', '不允许赋值'),
  FunctionAssignmentNode: bi('function definitions are not allowed', '不允许定义函数'),
  AccessorNode: bi('indexing and property access are not allowed', '不允许下标或属性访问'),
  IndexNode: bi('indexing is not allowed', '不允许下标'),
  ObjectNode: bi('objects are not allowed', '不允许对象'),
  RangeNode: bi('ranges are not allowed', '不允许区间'),
  ConditionalNode: bi('conditionals are not allowed', '不允许条件表达式'),
  BlockNode: bi('write a single expression', '只能写一个表达式'),
  RelationalNode: bi('comparisons are not allowed', '不允许比较'),
};

const fail = (reason: InvalidReason, message: Bilingual): ParseFailure => ({ ok: false, reason, message });

/** Failure signalled from deep inside the tree walk. */
class Refusal {
  constructor(readonly failure: ParseFailure) {}
}
const refuse = (reason: InvalidReason, message: Bilingual): never => {
  throw new Refusal(fail(reason, message));
};

/**
 * Normalises what people type: full-width forms (NFKC), superscript ² ³, the minus sign −,
 * × · ÷, √, the Chinese comma, and `**` for powers. Returns plain ASCII-ish text.
 */
export function normaliseInput(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text.replace(/\*\*/g, '^').trim();
  return text
    .replace(/²/g, '^2')
    .replace(/³/g, '^3')
    .normalize('NFKC')
    .replace(/[−–—]/g, '-')
    .replace(/[×·⋅∙]/g, '*')
    .replace(/÷/g, '/')
    .replace(/[、，]/g, ',')
    .replace(/[【［]/g, '[')
    .replace(/[】］]/g, ']')
    .replace(/√\s*(\d+(?:\.\d+)?|[A-Za-z]\w*|π)/g, 'sqrt($1)')
    .replace(/√/g, 'sqrt')
    .replace(/[\t\r\n]/g, ' ')
    .replace(/\*\*/g, '^')
    .trim();
}

type Node = MathNode & { readonly [key: string]: unknown };

/** Walks mathjs's tree against the allow-list, building the engine AST (one instance per parse). */
class Converter {
  readonly #variables: readonly string[] | 'any';
  readonly #maxNodes: number;
  readonly #seen = new Set<string>();
  // mathjs keeps literals in source order, so the i-th ConstantNode is the i-th literal typed.
  readonly #literals: string[];
  #literal = 0;
  #nodes = 0;
  deepest = 0;

  constructor(variables: readonly string[] | 'any', maxNodes: number, source: string) {
    this.#variables = variables;
    this.#maxNodes = maxNodes;
    this.#literals = source.match(NUMBER_LITERAL) ?? [];
  }

  convert(n: MathNode, level: number): Expr {
    if (++this.#nodes > this.#maxNodes) refuse('too-large', bi('expression too large', '表达式过大'));
    if (level > this.deepest) this.deepest = level;
    const node = n as Node;
    switch (n.type) {
      case 'ParenthesisNode':
        return this.convert(node.content as MathNode, level);
      case 'ConstantNode':
        return this.#constant(node.value);
      case 'SymbolNode':
        return this.#symbol(node.name as string);
      case 'OperatorNode':
        return this.#operator(node.fn as string, node.op as string, node.args as MathNode[], level);
      case 'FunctionNode':
        return this.#call(node.fn as MathNode, node.args as MathNode[], level);
      case 'ArrayNode': {
        const items = node.items as MathNode[];
        if (items.length === 0) refuse('syntax', bi('empty brackets []', '空的方括号 []'));
        if (items.length > PARSE_LIMITS.maxArrayItems) refuse('too-large', bi('expression too large (too many entries)', '表达式过大（元素太多）'));
        return vec(this.#all(items, level));
      }
      default:
        return refuse('not-allowed', NODE_NAMES[n.type] ?? bi(`${n.type} is not allowed`, `不允许 ${n.type}`));
    }
  }

  #all(nodes: readonly MathNode[], level: number): Expr[] {
    const out: Expr[] = [];
    for (const child of nodes) out.push(this.convert(child, level + 1));
    return out;
  }

  #constant(value: unknown): Expr {
    if (!isDecimal(value)) refuse('not-allowed', bi('only numbers are allowed as constants', '常量只能是数'));
    const d = value as DecimalValue;
    if (!d.isFinite()) refuse('number-too-large', bi('number too large', '数太大'));
    if (!d.isZero() && Math.abs(d.e) > PARSE_LIMITS.maxLiteralExponent) {
      refuse('number-too-large', bi('number too large or too small', '数太大或太小'));
    }
    if (d.sd() > 400) refuse('number-too-large', bi('number has too many digits', '数的位数太多'));
    const q = Rational.parseDecimal(d.toString(), PARSE_LIMITS.maxLiteralExponent + 2);
    if (!q) return refuse('number-too-large', bi('number too large or too small', '数太大或太小'));
    const typed = this.#literals[this.#literal++];
    const decimal = typed !== undefined && /[.eE]/.test(typed) && Rational.parseDecimal(typed, 1000)?.equals(q) ? describeLiteral(typed) : undefined;
    return decimal ? { t: 'num', value: q, decimal } : { t: 'num', value: q };
  }

  #variableAllowed(name: string): boolean {
    return this.#variables === 'any' ? isVariableName(name) : this.#variables.includes(name);
  }

  #symbol(name: string): Expr {
    if (name === 'pi' || name === 'π' || name === 'PI') return PI;
    if (name === 'e') return E;
    if (this.#variableAllowed(name)) {
      this.#seen.add(name);
      if (this.#seen.size > PARSE_LIMITS.maxVariables) refuse('too-large', bi('too many variables', '变量太多'));
      return { t: 'var', name };
    }
    const shown = name.slice(0, 20);
    if (FUNCTIONS.has(name)) refuse('syntax', bi(`${shown} needs parentheses, e.g. ${shown}(x)`, `${shown} 需要括号，例如 ${shown}(x)`));
    if (name === 'i' || name === 'I') refuse('unknown-symbol', bi('unknown symbol i (complex numbers are not supported)', '未知符号 i（不支持复数）'));
    return refuse('unknown-symbol', bi(`unknown symbol ${shown}`, `未知符号 ${shown}`));
  }

  #operator(name: string, op: string, children: readonly MathNode[], level: number): Expr {
    const [a, b] = this.#all(children, level) as [Expr, Expr | undefined];
    switch (name) {
      case 'add':
        return add(a, b as Expr);
      case 'subtract':
        return add(a, neg(b as Expr));
      case 'multiply':
        return mul(a, b as Expr);
      case 'divide':
        return div(a, b as Expr);
      case 'pow':
        return pow(a, b as Expr);
      case 'unaryMinus':
        return neg(a);
      case 'unaryPlus':
        return a;
      case 'factorial':
        if (!isConstant(a)) refuse('needs-integer', COUNTING_NEEDS_INTEGERS);
        return fn('factorial', a);
      default:
        return refuse('not-allowed', bi(`operator ${op} is not allowed`, `不允许运算符 ${op}`));
    }
  }

  #call(callee: MathNode, children: readonly MathNode[], level: number): Expr {
    if (callee.type !== 'SymbolNode') refuse('not-allowed', bi('only named functions can be called', '只能调用有名字的函数'));
    const name = (callee as Node).name as string;
    const known = FUNCTIONS.get(name);
    if (!known) {
      // `x(x+1)` and `2pi(r)`: a variable or constant before parentheses is a product.
      if (children.length === 1 && (this.#variableAllowed(name) || name === 'pi' || name === 'π' || name === 'e')) {
        return mul(this.#symbol(name), this.convert(children[0] as MathNode, level + 1));
      }
      return refuse('unknown-function', bi(`unknown function ${name.slice(0, 20)}`, `未知函数 ${name.slice(0, 20)}`));
    }
    if (!known.arity.includes(children.length)) {
      const count = known.arity.length > 2 ? `${known.arity[0]} to ${known.arity[known.arity.length - 1]}` : known.arity.join(' or ');
      return refuse('wrong-arity', bi(`${name} takes ${count} argument(s)`, `${name} 需要 ${count} 个参数`));
    }
    const args = this.#all(children, level);
    if ((known.name === 'factorial' || known.name === 'binom') && !args.every(isConstant)) refuse('needs-integer', COUNTING_NEEDS_INTEGERS);
    return fn(known.name, ...args);
  }
}

/**
 * Parses learner text into an expression (number, vector, matrix or expression in allowed variables).
 *
 * @example
 * parseExpr('2*sqrt(5)', {}).ok;                 // true
 * parseExpr('x^2 - 1', { variables: ['x'] }).ok; // true
 * parseExpr('w + 1', { variables: ['x'] });      // { ok: false, reason: 'unknown-symbol', ... }
 */
export function parseExpr(text: unknown, options: ParseOptions = {}): ParseResult {
  if (typeof text !== 'string') return fail('not-text', bi('the answer must be text', '答案必须是文本'));
  const maxLength = options.maxLength ?? PARSE_LIMITS.maxLength;
  if (text.length > maxLength) {
    return fail('too-long', bi(`expression too large (more than ${maxLength} characters)`, `表达式过长（超过 ${maxLength} 个字符）`));
  }
  let source = normaliseInput(text);
  if (source === '') return fail('empty', bi('the answer is empty', '答案为空'));
  const bad = /[^0-9A-Za-z_ .,+\-*/^()[\]!π|]/.exec(source);
  if (bad) {
    const ch = bad[0];
    return fail('bad-character', bi(`unexpected character ${JSON.stringify(ch)}`, `无法识别的字符 ${JSON.stringify(ch)}`));
  }
  if (/(^|[^0-9A-Za-z_.])0[xXbBoO][0-9A-Fa-f]/.test(source)) {
    return fail('syntax', bi('hexadecimal, binary and octal numbers are not allowed', '不允许十六进制、二进制或八进制数'));
  }
  const barred = absoluteBars(source);
  if (barred === null) return fail('syntax', bi('unmatched | in an absolute value |x|', '绝对值 |x| 的竖线不配对'));
  source = barred;
  let level = 0;
  for (const ch of source) {
    if (ch === '(' || ch === '[') level++;
    else if (ch === ')' || ch === ']') level--;
    if (level > PARSE_LIMITS.maxBracketDepth) return fail('too-deep', bi('expression too deeply nested', '表达式嵌套过深'));
  }
  let node: MathNode;
  try {
    node = parseMath(source);
  } catch (error) {
    if (error instanceof RangeError) return fail('too-deep', bi('expression too deeply nested', '表达式嵌套过深'));
    const detail = error instanceof Error ? error.message.slice(0, 120) : 'syntax error';
    return fail('syntax', bi(`could not read the expression: ${detail}`, `无法解析表达式：${detail}`));
  }
  const converter = new Converter(options.variables ?? [], options.maxNodes ?? PARSE_LIMITS.maxNodes, source);
  let expr: Expr;
  try {
    expr = converter.convert(node, 1);
  } catch (error) {
    if (error instanceof Refusal) return error.failure;
    if (error instanceof RangeError) return fail('too-deep', bi('expression too deeply nested', '表达式嵌套过深'));
    throw error;
  }
  // mathjs's tree is at least as deep as ours (we flatten sums and products), so the exact depth
  // is only needed for long chains.
  if (converter.deepest > PARSE_LIMITS.maxTreeDepth && depth(expr) > PARSE_LIMITS.maxTreeDepth) {
    return fail('too-large', bi('expression too large', '表达式过大'));
  }
  return { ok: true, expr };
}

 /** A number as mathjs reads it, not inside an identifier such as `x2` or `log10`. */
const NUMBER_LITERAL = /(?<![A-Za-z_0-9.])(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g;

/** Places and significant digits of a decimal literal as typed (`0.50` has 2 significant digits). */
function describeLiteral(text: string): DecimalLiteral {
  const [mantissa = '', exponent = '0'] = text.toLowerCase().split('e');
  const [, fraction = ''] = mantissa.split('.');
  const digits = mantissa.replace('.', '').replace(/^0+/, '').length;
  return { text, places: fraction.length - Number(exponent), digits };
}

const COUNTING_NEEDS_INTEGERS = bi(
  'factorials and binomial coefficients need whole numbers, not variables',
  '阶乘和组合数只能作用于整数，不能含变量',
);

/**
 * Absolute-value bars to calls: `|x-1|` → `abs(x-1)`. A bar opens when none is open, or after
 * an operator, an opening bracket, a comma or an opening bar; otherwise it closes the innermost
 * open bar. So `|x|+|y|`, `||x|-1|`, `2|x|` and `|x|^2` read as written. Null when bars do not
 * pair up.
 *
 * @example
 * absoluteBars('||x|-|y||')   // ' abs( abs(x)- abs(y))'
 * absoluteBars('|x')          // null
 */
export function absoluteBars(source: string): string | null {
  if (!source.includes('|')) return source;
  let out = '';
  let open = 0;
  let previous = '';
  let previousOpened = false;
  for (const ch of source) {
    if (ch !== '|') {
      out += ch;
      if (ch !== ' ') {
        previous = ch;
        previousOpened = false;
      }
      continue;
    }
    const opens: boolean = open === 0 || previous === '' || previousOpened || '+-*/^([,'.includes(previous);
    if (opens) {
      // The space keeps `x|y|` a product (`x abs(y)`), not a call of an unknown `xabs`.
      out += ' abs(';
      open++;
    } else {
      out += ')';
      open--;
    }
    previous = '|';
    previousOpened = opens;
  }
  return open === 0 ? out : null;
}

/** Is this text the answer "no such thing" (`none`, `无`, `DNE`)? */
export function isNoneAnswer(text: string): boolean {
  const t = normaliseInput(text).toLowerCase();
  return t === 'none' || t === '无' || t === 'dne' || t === 'no minimum' || t === '不存在';
}
