/**
 * A question file (YAML text) → a checked specification, or every problem found with its path and
 * line. Nothing is evaluated here; expressions are parsed and their names resolved, so a file that
 * passes refers only to names defined before use (no self-reference, no cycles by construction).
 */
import { LineCounter, parseDocument, isNode } from 'yaml';
import { LEVELS, type Level } from '../family';
import type { Bilingual } from '../i18n';
import type { AnswerKind } from '../answers';
import { isVariableName } from '../parse';
import { QuestionError } from './errors';
import { englishOf, msg, type MessageArgs, type QuestionMessage, type QuestionMessageCode } from './messages';
import { namesIn, parseQuestionExpr, type Node } from './syntax';
import { CONSTANTS, FUNCTION_NAMES } from './interpret';

/** Caps on the file itself (evaluation caps are EVAL_LIMITS in interpret.ts). */
export const FILE_LIMITS = {
  bytes: 64 * 1024,
  variables: 64,
  symbols: 6,
  parts: 8,
  steps: 40,
  feedback: 40,
  verify: 40,
  tests: 60,
  where: 20,
  choices: 64,
  notValues: 64,
  templateLength: 4_000,
  interpolations: 100,
  aliases: 10,
} as const;

export interface QuestionProblem {
  /** Where in the file: `variables.a.int`, `tests[2]`. */
  readonly path: string;
  /** 1-based line in the file, when known. */
  readonly line?: number;
  /** What is wrong, as data (messages.ts): the app shows it in the author's language. */
  readonly code: QuestionMessageCode;
  readonly args?: MessageArgs;
  /** The same in English. */
  readonly message: string;
}

/** A problem at `path` (and `line`, when known). */
export function problemAt(path: string, line: number | undefined, detail: QuestionMessage): QuestionProblem {
  return { path, ...(line !== undefined ? { line } : {}), code: detail.code, ...(detail.args ? { args: detail.args } : {}), message: englishOf(detail) };
}

export type Template = readonly ({ readonly text: string } | { readonly expr: Node; readonly digits?: number; readonly source: string })[];
export interface BiTemplate {
  readonly en: Template;
  readonly zh: Template;
}
export interface Conditional<T> {
  readonly when?: Node;
  readonly value: T;
}

export type ChoiceItem = { readonly literal: number | string | boolean } | { readonly expr: Node };
export type Draw =
  | { readonly kind: 'int'; readonly lo: Node; readonly hi: Node; readonly step?: Node; readonly not: readonly Node[] }
  | { readonly kind: 'rational'; readonly num: readonly [Node, Node]; readonly den: readonly [Node, Node]; readonly not: readonly Node[] }
  | { readonly kind: 'choice'; readonly items: readonly ChoiceItem[] }
  | { readonly kind: 'vector'; readonly sizes: readonly Node[]; readonly entry: Draw; readonly nonzero: boolean }
  | { readonly kind: 'matrix'; readonly rows: readonly Node[]; readonly cols: readonly Node[] | 'square'; readonly entry: Draw; readonly symmetric: boolean }
  | {
      readonly kind: 'polynomial';
      readonly symbols: readonly string[];
      readonly degree: Node;
      readonly terms: readonly [Node, Node];
      readonly coefficients: readonly [Node, Node];
      readonly constant: boolean;
      readonly monomials?: readonly Node[];
    }
  | { readonly kind: 'compute'; readonly expr: Node };

export type VarDef = { readonly name: string; readonly draw: Draw; readonly path: string } | { readonly name: string; readonly expr: Node; readonly path: string };

export interface PartDef {
  readonly name: string;
  readonly kind: AnswerKind;
  readonly expected: Node;
  readonly label?: Bilingual;
  readonly tolerance?: number;
  readonly exact: boolean;
  /** `exact: "<condition>"`: exact-only where the condition holds. */
  readonly exactWhen?: Node;
  readonly noneAllowed: boolean;
  readonly noneWhen?: Node;
  readonly when?: Node;
  readonly variables?: readonly string[];
  readonly choices?: readonly { readonly id: string; readonly label: Bilingual }[];
  readonly path: string;
}

export type TestAnswer = 'none' | ReadonlyMap<string, { readonly expr: Node } | { readonly text: string }>;
export interface TestDef {
  readonly answer: TestAnswer;
  /** The answer as written in the file (for reports). */
  readonly source: string;
  readonly correct: boolean;
  readonly note?: string;
  readonly level?: Level;
  /** Run this test only on instances where the condition holds. */
  readonly when?: Node;
  readonly path: string;
}

export interface FeedbackDef {
  readonly when: Node;
  readonly note: string;
  readonly message: Bilingual;
  readonly path: string;
}

export interface QuestionSpec {
  readonly id: string;
  readonly article: string;
  readonly title: Bilingual;
  readonly explicitVersion?: number;
  /** Hash of everything that decides what a seed generates (symbols, variables, levels, where). */
  readonly generationKey: string;
  readonly symbols: readonly string[];
  readonly variables: readonly VarDef[];
  readonly levels: readonly Level[];
  readonly overrides: ReadonlyMap<Level, ReadonlyMap<string, VarDef>>;
  /** Constraints, each checked as soon as the variables it reads are drawn (`after`: index into variables). */
  readonly where: readonly { readonly node: Node; readonly source: string; readonly path: string; readonly after: number }[];
  readonly prompt: readonly Conditional<BiTemplate>[];
  readonly parts: readonly PartDef[];
  readonly verify: readonly { readonly node: Node; readonly source: string; readonly path: string }[];
  readonly steps: readonly Conditional<BiTemplate>[];
  readonly feedback: readonly FeedbackDef[];
  readonly tests: readonly TestDef[];
  /** 1-based line of a path (`variables.a`), for reporting problems found later (tests). */
  lineOf(path: string): number | undefined;
}

export type SpecResult = { readonly ok: true; readonly spec: QuestionSpec } | { readonly ok: false; readonly problems: readonly QuestionProblem[] };

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const TOP_KEYS = ['id', 'version', 'article', 'title', 'symbols', 'variables', 'where', 'levels', 'prompt', 'answer', 'verify', 'steps', 'feedback', 'tests'];
const KINDS: readonly AnswerKind[] = ['number', 'vector', 'matrix', 'expression', 'choice'];
const RESERVED_NAMES = new Set(['answer', 'where', 'none', 'level']);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Stable 53-bit hash (cyrb53) of text, as hex. */
export function hashText(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** JSON with sorted keys: the same data always gives the same text. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

/** A test's answer as the author wrote it, for reports: `2*g`, `x: 1, y: 2`, `"1/2"` (a text answer). */
function testSource(answer: unknown, firstPart: string | undefined): string {
  const one = (v: unknown) => (isObj(v) && typeof v.text === 'string' ? JSON.stringify(v.text) : typeof v === 'object' ? JSON.stringify(v) : String(v));
  if (!isObj(answer) || typeof answer.text === 'string') return one(answer);
  const entries = Object.entries(answer);
  if (entries.length === 1 && entries[0]?.[0] === firstPart) return one(entries[0]?.[1]);
  return entries.map(([k, v]) => `${k}: ${one(v)}`).join(', ');
}

class Reader {
  readonly problems: QuestionProblem[] = [];
  constructor(readonly lineOf: (path: string) => number | undefined) {}

  problem(path: string, code: QuestionMessageCode, args?: MessageArgs): void {
    if (this.problems.length >= 200) return;
    this.problems.push(problemAt(path, this.lineOf(path), msg(code, args)));
  }

  expr(value: unknown, path: string, known: ReadonlySet<string>): Node | undefined {
    try {
      const node = parseQuestionExpr(value);
      for (const name of namesIn(node)) {
        if (!known.has(name) && !CONSTANTS.has(name)) {
          this.problem(path, FUNCTION_NAMES.has(name) ? 'unknown-name-function' : 'unknown-name-above', { name });
          return undefined;
        }
      }
      this.#checkCalls(node, path);
      return node;
    } catch (error) {
      if (error instanceof QuestionError) {
        if (this.problems.length < 200) this.problems.push(problemAt(path, this.lineOf(path), error.detail));
        return undefined;
      }
      throw error;
    }
  }

  #checkCalls(node: Node, path: string): void {
    const stack: Node[] = [node];
    while (stack.length > 0) {
      const n = stack.pop() as Node;
      if (n.k === 'call' && !FUNCTION_NAMES.has(n.name)) this.problem(path, 'unknown-function', { name: n.name });
      if (n.k === 'call' || n.k === 'list') stack.push(...(n.k === 'call' ? n.args : n.items));
      else if (n.k === 'binary') stack.push(n.left, n.right);
      else if (n.k === 'unary' || n.k === 'factorial') stack.push(n.arg);
      else if (n.k === 'index') stack.push(n.target, n.index);
    }
  }

  bilingual(value: unknown, path: string, maxLength = 400): Bilingual | undefined {
    if (typeof value === 'string' && value.length <= maxLength) return { en: value, zh: value };
    if (!isObj(value) || (typeof value.en !== 'string' && typeof value.zh !== 'string')) {
      this.problem(path, 'text-languages');
      return undefined;
    }
    for (const key of Object.keys(value)) if (key !== 'en' && key !== 'zh') this.problem(`${path}.${key}`, 'text-language-key');
    const en = typeof value.en === 'string' ? value.en : (value.zh as string);
    const zh = typeof value.zh === 'string' ? value.zh : en;
    if (en.length > maxLength || zh.length > maxLength) {
      this.problem(path, 'text-too-long', { max: maxLength });
      return undefined;
    }
    return { en, zh };
  }

  template(text: string, path: string, known: ReadonlySet<string>): Template | undefined {
    if (text.length > FILE_LIMITS.templateLength) {
      this.problem(path, 'text-too-long', { max: FILE_LIMITS.templateLength });
      return undefined;
    }
    const out: ({ text: string } | { expr: Node; digits?: number; source: string })[] = [];
    let rest = text;
    let count = 0;
    while (rest.length > 0) {
      const open = rest.indexOf('{{');
      if (open < 0) {
        out.push({ text: rest });
        break;
      }
      const close = rest.indexOf('}}', open + 2);
      if (close < 0) {
        this.problem(path, 'text-unclosed');
        return undefined;
      }
      if (++count > FILE_LIMITS.interpolations) {
        this.problem(path, 'text-interpolations', { max: FILE_LIMITS.interpolations });
        return undefined;
      }
      if (open > 0) out.push({ text: rest.slice(0, open) });
      let source = rest.slice(open + 2, close).trim();
      let digits: number | undefined;
      const m = /^(.*):\s*(\d{1,2})$/s.exec(source);
      if (m) {
        source = (m[1] as string).trim();
        digits = Math.min(17, Math.max(1, Number(m[2])));
      }
      const expr = this.expr(source, path, known);
      if (!expr) return undefined;
      out.push(digits === undefined ? { expr, source } : { expr, digits, source });
      rest = rest.slice(close + 2);
    }
    return out;
  }

  biTemplate(value: unknown, path: string, known: ReadonlySet<string>): BiTemplate | undefined {
    const text = this.bilingual(value, path, FILE_LIMITS.templateLength);
    if (!text) return undefined;
    const en = this.template(text.en, path, known);
    const zh = this.template(text.zh, path, known);
    return en && zh ? { en, zh } : undefined;
  }

  pair(value: unknown, path: string, known: ReadonlySet<string>): [Node, Node] | undefined {
    if (!Array.isArray(value) || value.length !== 2) {
      this.problem(path, 'range-format');
      return undefined;
    }
    const a = this.expr(value[0], `${path}[0]`, known);
    const b = this.expr(value[1], `${path}[1]`, known);
    return a && b ? [a, b] : undefined;
  }

  draw(raw: Obj, path: string, known: ReadonlySet<string>, symbols: readonly string[]): Draw | undefined {
    const keys = Object.keys(raw);
    const kinds = keys.filter((k) => ['int', 'rational', 'choice', 'vector', 'matrix', 'polynomial', 'compute'].includes(k));
    if (kinds.length !== 1) {
      this.problem(path, 'draw-kind');
      return undefined;
    }
    const kind = kinds[0] as string;
    const allowed: Record<string, string[]> = { int: ['int', 'not', 'step'], rational: ['rational', 'not'], choice: ['choice'], vector: ['vector'], matrix: ['matrix'], polynomial: ['polynomial'], compute: ['compute'] };
    for (const k of keys) if (!(allowed[kind] as string[]).includes(k)) this.problem(`${path}.${k}`, 'draw-key', { key: k, kind });
    const nots = (): Node[] => {
      if (raw.not === undefined) return [];
      if (!Array.isArray(raw.not) || raw.not.length > FILE_LIMITS.notValues) {
        this.problem(`${path}.not`, 'draw-not', { max: FILE_LIMITS.notValues });
        return [];
      }
      return raw.not.map((v, i) => this.expr(v, `${path}.not[${i}]`, known)).filter((n): n is Node => !!n);
    };
    switch (kind) {
      case 'int': {
        const r = raw.int;
        if (!Array.isArray(r) || r.length < 2 || r.length > 3) {
          this.problem(`${path}.int`, 'draw-int');
          return undefined;
        }
        const lo = this.expr(r[0], `${path}.int[0]`, known);
        const hi = this.expr(r[1], `${path}.int[1]`, known);
        const step = r.length === 3 ? this.expr(r[2], `${path}.int[2]`, known) : undefined;
        if (!lo || !hi || (r.length === 3 && !step)) return undefined;
        return step ? { kind: 'int', lo, hi, step, not: nots() } : { kind: 'int', lo, hi, not: nots() };
      }
      case 'rational': {
        const r = raw.rational;
        if (!isObj(r)) {
          this.problem(`${path}.rational`, 'draw-rational');
          return undefined;
        }
        const n = this.pair(r.num, `${path}.rational.num`, known);
        const d = this.pair(Array.isArray(r.den) && r.den.length === 1 ? [r.den[0], r.den[0]] : r.den, `${path}.rational.den`, known);
        return n && d ? { kind: 'rational', num: n, den: d, not: nots() } : undefined;
      }
      case 'choice': {
        const items = raw.choice;
        if (!Array.isArray(items) || items.length === 0 || items.length > FILE_LIMITS.choices) {
          this.problem(`${path}.choice`, 'draw-choice', { max: FILE_LIMITS.choices });
          return undefined;
        }
        const out: ChoiceItem[] = [];
        items.forEach((item, i) => {
          if (typeof item === 'number' || typeof item === 'boolean') out.push({ literal: item });
          else if (typeof item === 'string') {
            if (!/^[A-Za-z0-9_ .-]{1,40}$/.test(item)) this.problem(`${path}.choice[${i}]`, 'draw-choice-text');
            else out.push({ literal: item });
          } else if (Array.isArray(item)) {
            const e = this.expr(JSON.stringify(item), `${path}.choice[${i}]`, known);
            if (e) out.push({ expr: e });
          } else if (isObj(item) && Object.keys(item).length === 1 && 'expr' in item) {
            const e = this.expr(item.expr, `${path}.choice[${i}].expr`, known);
            if (e) out.push({ expr: e });
          } else this.problem(`${path}.choice[${i}]`, 'draw-choice-item');
        });
        return { kind: 'choice', items: out };
      }
      case 'vector':
      case 'matrix': {
        const v = raw[kind];
        if (!isObj(v)) {
          this.problem(`${path}.${kind}`, kind === 'vector' ? 'draw-vector' : 'draw-matrix');
          return undefined;
        }
        const entryRaw: Obj = {};
        const extra: string[] = kind === 'vector' ? ['size', 'nonzero'] : ['size', 'rows', 'cols', 'symmetric'];
        for (const [k, val] of Object.entries(v)) {
          if (extra.includes(k)) continue;
          entryRaw[k] = val;
        }
        const entry = this.draw(entryRaw, `${path}.${kind}`, known, symbols);
        if (!entry) return undefined;
        if (entry.kind !== 'int' && entry.kind !== 'rational' && entry.kind !== 'choice') {
          this.problem(`${path}.${kind}`, 'draw-entries');
          return undefined;
        }
        const sizes = (value: unknown, p: string): Node[] | undefined => {
          const list = Array.isArray(value) ? value : [value];
          if (list.length === 0 || list.length > 16) {
            this.problem(p, 'draw-sizes');
            return undefined;
          }
          const nodes = list.map((x, i) => this.expr(x, Array.isArray(value) ? `${p}[${i}]` : p, known));
          return nodes.every((n) => n !== undefined) ? (nodes as Node[]) : undefined;
        };
        if (kind === 'vector') {
          const size = sizes(v.size ?? 2, `${path}.vector.size`);
          return size ? { kind: 'vector', sizes: size, entry, nonzero: v.nonzero === true } : undefined;
        }
        if (v.size !== undefined) {
          const size = sizes(v.size, `${path}.matrix.size`);
          return size ? { kind: 'matrix', rows: size, cols: 'square', entry, symmetric: v.symmetric === true } : undefined;
        }
        const rows = sizes(v.rows ?? 2, `${path}.matrix.rows`);
        const cols = sizes(v.cols ?? v.rows ?? 2, `${path}.matrix.cols`);
        return rows && cols ? { kind: 'matrix', rows, cols, entry, symmetric: v.symmetric === true } : undefined;
      }
      case 'polynomial': {
        const p = raw.polynomial;
        if (!isObj(p)) {
          this.problem(`${path}.polynomial`, 'draw-polynomial');
          return undefined;
        }
        const syms = Array.isArray(p.symbols) ? p.symbols : symbols;
        if (!syms.every((s) => typeof s === 'string' && symbols.includes(s)) || syms.length === 0) {
          this.problem(`${path}.polynomial.symbols`, 'draw-polynomial-symbols');
          return undefined;
        }
        const degree = this.expr(p.degree ?? 2, `${path}.polynomial.degree`, known);
        const terms = this.pair(p.terms ?? [2, 3], `${path}.polynomial.terms`, known);
        const coefficients = this.pair(p.coefficients ?? [-3, 3], `${path}.polynomial.coefficients`, known);
        if (!degree || !terms || !coefficients) return undefined;
        let monomials: Node[] | undefined;
        if (p.monomials !== undefined) {
          if (!Array.isArray(p.monomials) || p.monomials.length === 0 || p.monomials.length > 64) {
            this.problem(`${path}.polynomial.monomials`, 'draw-monomials');
            return undefined;
          }
          monomials = p.monomials.map((m, i) => this.expr(m, `${path}.polynomial.monomials[${i}]`, new Set(symbols))).filter((n): n is Node => !!n);
        }
        return { kind: 'polynomial', symbols: syms as string[], degree, terms, coefficients, constant: p.constant === true, ...(monomials ? { monomials } : {}) };
      }
      case 'compute': {
        const e = this.expr(raw.compute, `${path}.compute`, known);
        return e ? { kind: 'compute', expr: e } : undefined;
      }
    }
    return undefined;
  }
}

function pathLines(text: string): { lineOf: (path: string) => number | undefined; value: unknown; problems: QuestionProblem[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
  const problems: QuestionProblem[] = [];
  for (const e of doc.errors.slice(0, 20)) {
    problems.push(problemAt('', e.linePos?.[0]?.line, msg('yaml-error', { detail: e.message.split('\n')[0] as string })));
  }
  const lineOf = (path: string): number | undefined => {
    const keys = path
      .split(/\.|\[|\]/)
      .filter((k) => k !== '')
      .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    for (let n = keys.length; n >= 1; n--) {
      const node = doc.getIn(keys.slice(0, n), true);
      if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
      // A map entry whose value is a scalar: getIn returns the scalar node above; fall through.
    }
    return undefined;
  };
  let value: unknown = undefined;
  if (problems.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: FILE_LIMITS.aliases });
    } catch (error) {
      problems.push(problemAt('', undefined, msg('yaml-error', { detail: error instanceof Error ? error.message.slice(0, 200) : 'cannot read the YAML' })));
    }
  }
  return { lineOf, value, problems };
}

/**
 * Reads a question file. Problems are collected, not thrown: each has a path and a line.
 *
 * @example
 * readQuestionFile('id: x\n').ok  // false (article, title, variables… missing)
 */
export function readQuestionFile(text: unknown): SpecResult {
  if (typeof text !== 'string') return { ok: false, problems: [problemAt('', undefined, msg('file-not-text'))] };
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > FILE_LIMITS.bytes) return { ok: false, problems: [problemAt('', undefined, msg('file-too-large', { bytes, limit: FILE_LIMITS.bytes }))] };
  const { lineOf, value, problems } = pathLines(text);
  if (problems.length > 0) return { ok: false, problems };
  if (!isObj(value)) return { ok: false, problems: [problemAt('', 1, msg('file-not-mapping'))] };
  const r = new Reader(lineOf);
  const raw = value;
  for (const key of Object.keys(raw)) if (!TOP_KEYS.includes(key)) r.problem(key, 'unknown-top-key', { key, known: TOP_KEYS.join(', ') });

  const id = raw.id;
  if (typeof id !== 'string' || !KEBAB.test(id) || id.length > 64) r.problem('id', 'id-format');
  const article = raw.article;
  if (typeof article !== 'string' || !KEBAB.test(article) || article.length > 64) r.problem('article', 'article-format');
  let explicitVersion: number | undefined;
  if (raw.version !== undefined) {
    if (typeof raw.version !== 'number' || !Number.isSafeInteger(raw.version) || raw.version < 1 || raw.version > 1_000_000) r.problem('version', 'version-format');
    else explicitVersion = raw.version;
  }
  const title = raw.title === undefined ? (r.problem('title', 'title-format'), undefined) : r.bilingual(raw.title, 'title', 200);

  // symbols
  const symbols: string[] = [];
  if (raw.symbols !== undefined) {
    if (!Array.isArray(raw.symbols) || raw.symbols.length > FILE_LIMITS.symbols) r.problem('symbols', 'symbols-format', { max: FILE_LIMITS.symbols });
    else
      raw.symbols.forEach((s, i) => {
        if (typeof s !== 'string' || !isVariableName(s) || FUNCTION_NAMES.has(s) || CONSTANTS.has(s) || RESERVED_NAMES.has(s)) r.problem(`symbols[${i}]`, 'symbol-name', { name: String(s).slice(0, 20) });
        else if (symbols.includes(s)) r.problem(`symbols[${i}]`, 'symbol-duplicate', { name: s });
        else symbols.push(s);
      });
  }

  // variables, in order
  const known = new Set<string>(symbols);
  const variables: VarDef[] = [];
  if (!isObj(raw.variables) || Object.keys(raw.variables).length === 0) r.problem('variables', 'variables-format');
  else {
    const entries = Object.entries(raw.variables);
    if (entries.length > FILE_LIMITS.variables) r.problem('variables', 'variables-count', { max: FILE_LIMITS.variables });
    for (const [name, def] of entries.slice(0, FILE_LIMITS.variables)) {
      const path = `variables.${name}`;
      if (!/^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(name) || FUNCTION_NAMES.has(name) || CONSTANTS.has(name) || RESERVED_NAMES.has(name) || name.startsWith('answer')) {
        r.problem(path, 'variable-name', { name: name.slice(0, 40) });
        continue;
      }
      if (known.has(name)) {
        r.problem(path, 'variable-defined', { name });
        continue;
      }
      if (isObj(def)) {
        const draw = r.draw(def, path, known, symbols);
        if (draw) variables.push({ name, draw, path });
      } else {
        const expr = r.expr(def, path, known);
        if (expr) variables.push({ name, expr, path });
      }
      known.add(name);
    }
  }
  const drawn = new Set(variables.filter((v) => 'draw' in v).map((v) => v.name));

  // levels
  const overrides = new Map<Level, Map<string, VarDef>>();
  const levelSet = new Set<Level>(['medium']);
  if (raw.levels !== undefined) {
    if (!isObj(raw.levels)) r.problem('levels', 'levels-format');
    else
      for (const [level, over] of Object.entries(raw.levels)) {
        if (!(LEVELS as readonly string[]).includes(level)) {
          r.problem(`levels.${level}`, 'level-name', { levels: LEVELS.join(', ') });
          continue;
        }
        levelSet.add(level as Level);
        const map = new Map<string, VarDef>();
        overrides.set(level as Level, map);
        if (over === null || over === undefined) continue;
        if (!isObj(over)) {
          r.problem(`levels.${level}`, 'level-mapping');
          continue;
        }
        for (const [name, def] of Object.entries(over)) {
          const path = `levels.${level}.${name}`;
          if (!drawn.has(name)) {
            r.problem(path, 'level-not-drawn', { name });
            continue;
          }
          if (!isObj(def)) {
            r.problem(path, 'level-override');
            continue;
          }
          const before = new Set<string>(symbols);
          for (const v of variables) {
            if (v.name === name) break;
            before.add(v.name);
          }
          const draw = r.draw(def, path, before, symbols);
          if (draw) map.set(name, { name, draw, path });
        }
      }
  }
  const levels = LEVELS.filter((l) => levelSet.has(l));

  const list = (key: string, max: number): unknown[] => {
    const v = raw[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      r.problem(key, 'key-list', { key });
      return [];
    }
    if (v.length > max) r.problem(key, 'key-count', { key, max });
    return v.slice(0, max);
  };
  const condition = (v: unknown, path: string, names: ReadonlySet<string>) => {
    const node = r.expr(v, path, names);
    return node ? { node, source: String(v), path } : undefined;
  };
  const where = list('where', FILE_LIMITS.where)
    .map((w, i) => condition(w, `where[${i}]`, known))
    .filter((w): w is NonNullable<typeof w> => !!w)
    .map((w) => {
      const names = namesIn(w.node);
      let after = -1;
      variables.forEach((v, i) => {
        if (names.has(v.name)) after = i;
      });
      return { ...w, after };
    });

  // texts
  const conditionals = (key: string, max: number, required: boolean): Conditional<BiTemplate>[] => {
    const v = raw[key];
    if (v === undefined) {
      if (required) r.problem(key, 'key-text', { key });
      return [];
    }
    const items = Array.isArray(v) ? v.slice(0, max) : [v];
    if (Array.isArray(v) && v.length > max) r.problem(key, 'key-count', { key, max });
    const out: Conditional<BiTemplate>[] = [];
    items.forEach((item, i) => {
      const path = Array.isArray(v) ? `${key}[${i}]` : key;
      let when: Node | undefined;
      let text: unknown = item;
      if (isObj(item) && 'when' in item) {
        when = r.expr(item.when, `${path}.when`, known);
        text = Object.fromEntries(Object.entries(item).filter(([k]) => k !== 'when'));
      }
      const t = r.biTemplate(text, path, known);
      if (t) out.push(when ? { when, value: t } : { value: t });
    });
    return out;
  };
  const prompt = conditionals('prompt', 20, true);
  const steps = conditionals('steps', FILE_LIMITS.steps, false);

  // answer
  const parts: PartDef[] = [];
  if (!isObj(raw.answer) || Object.keys(raw.answer).length === 0) r.problem('answer', 'answer-format');
  else {
    const entries = Object.entries(raw.answer);
    if (entries.length > FILE_LIMITS.parts) r.problem('answer', 'parts-count', { max: FILE_LIMITS.parts });
    for (const [name, def] of entries.slice(0, FILE_LIMITS.parts)) {
      const path = `answer.${name}`;
      if (!/^[a-z][A-Za-z0-9_]{0,23}$/.test(name) || name === 'none' || name === 'exact' || name === 'exists') {
        r.problem(path, 'part-name', { name: name.slice(0, 30) });
        continue;
      }
      if (!isObj(def)) {
        r.problem(path, 'part-format');
        continue;
      }
      for (const k of Object.keys(def)) {
        if (!['kind', 'expected', 'label', 'tolerance', 'exact', 'none_allowed', 'none_when', 'when', 'variables', 'choices'].includes(k)) r.problem(`${path}.${k}`, 'part-key', { key: k });
      }
      const kind = def.kind as AnswerKind;
      if (!KINDS.includes(kind)) {
        r.problem(`${path}.kind`, 'part-kind', { kinds: KINDS.join(', ') });
        continue;
      }
      const expected = r.expr(def.expected, `${path}.expected`, known);
      if (!expected) continue;
      const label = def.label === undefined ? undefined : r.bilingual(def.label, `${path}.label`, 200);
      let tolerance: number | undefined;
      if (def.tolerance !== undefined) {
        if (typeof def.tolerance !== 'number' || !(def.tolerance >= 0 && def.tolerance <= 0.1)) r.problem(`${path}.tolerance`, 'part-tolerance-range');
        else tolerance = def.tolerance;
      }
      const noneWhen = def.none_when === undefined ? undefined : r.expr(def.none_when, `${path}.none_when`, known);
      const when = def.when === undefined ? undefined : r.expr(def.when, `${path}.when`, known);
      let variables: string[] | undefined;
      if (kind === 'expression') {
        variables = Array.isArray(def.variables) ? def.variables.filter((s): s is string => typeof s === 'string' && symbols.includes(s)) : symbols;
        if (Array.isArray(def.variables) && variables.length !== def.variables.length) r.problem(`${path}.variables`, 'part-variables');
      }
      let choices: { id: string; label: Bilingual }[] | undefined;
      if (kind === 'choice') {
        if (!Array.isArray(def.choices) || def.choices.length < 2 || def.choices.length > 12) r.problem(`${path}.choices`, 'part-choices');
        else {
          choices = [];
          def.choices.forEach((c, i) => {
            const id = isObj(c) ? c.id : c;
            if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,24}$/.test(id)) r.problem(`${path}.choices[${i}]`, 'part-choice-id');
            else choices?.push({ id, label: (isObj(c) && c.label !== undefined ? r.bilingual(c.label, `${path}.choices[${i}].label`, 200) : undefined) ?? { en: id, zh: id } });
          });
        }
      }
      const exactWhen = typeof def.exact === 'string' ? r.expr(def.exact, `${path}.exact`, known) : undefined;
      if (def.exact !== undefined && typeof def.exact !== 'boolean' && typeof def.exact !== 'string') r.problem(`${path}.exact`, 'part-exact');
      parts.push({
        name,
        kind,
        expected,
        exact: def.exact === true,
        ...(exactWhen ? { exactWhen } : {}),
        noneAllowed: def.none_allowed === true || noneWhen !== undefined,
        path,
        ...(label ? { label } : {}),
        ...(tolerance !== undefined ? { tolerance } : {}),
        ...(noneWhen ? { noneWhen } : {}),
        ...(when ? { when } : {}),
        ...(variables ? { variables } : {}),
        ...(choices ? { choices } : {}),
      });
    }
  }

  const verify = list('verify', FILE_LIMITS.verify)
    .map((v, i) => condition(v, `verify[${i}]`, known))
    .filter((v): v is NonNullable<typeof v> => !!v);
  if (raw.verify === undefined) r.problem('verify', 'verify-missing');

  const answerNames = new Set([...known, 'answer', ...parts.map((p) => `answer_${p.name}`)]);
  const feedback: FeedbackDef[] = [];
  list('feedback', FILE_LIMITS.feedback).forEach((f, i) => {
    const path = `feedback[${i}]`;
    if (!isObj(f)) return r.problem(path, 'feedback-format');
    const when = r.expr(f.when, `${path}.when`, answerNames);
    const message = r.bilingual(f.note, `${path}.note`, 600);
    const code = f.code === undefined ? `feedback-${i + 1}` : f.code;
    if (typeof code !== 'string' || !KEBAB.test(code)) return r.problem(`${path}.code`, 'feedback-code');
    if (when && message) feedback.push({ when, note: code, message, path });
  });

  const tests: TestDef[] = [];
  const testList = list('tests', FILE_LIMITS.tests);
  if (testList.length < 2) r.problem('tests', 'tests-count');
  testList.forEach((t, i) => {
    const path = `tests[${i}]`;
    if (!isObj(t)) return r.problem(path, 'test-format');
    if (typeof t.correct !== 'boolean') r.problem(`${path}.correct`, 'test-correct');
    let answer: TestAnswer | undefined;
    const one = (v: unknown, p: string) => {
      if (isObj(v) && typeof v.text === 'string' && Object.keys(v).length === 1) return { text: v.text.slice(0, 5000) };
      const e = r.expr(v, p, known);
      return e ? { expr: e } : undefined;
    };
    if (t.answer === 'none') answer = 'none';
    else if (isObj(t.answer) && !('text' in t.answer && Object.keys(t.answer).length === 1)) {
      const map = new Map<string, { expr: Node } | { text: string }>();
      for (const [k, v] of Object.entries(t.answer)) {
        if (!parts.some((p) => p.name === k)) r.problem(`${path}.answer.${k}`, 'test-part', { name: k });
        const a = one(v, `${path}.answer.${k}`);
        if (a) map.set(k, a);
      }
      answer = map;
    } else if (t.answer !== undefined) {
      const a = one(t.answer, `${path}.answer`);
      if (a && parts[0]) answer = new Map([[parts[0].name, a]]);
    } else r.problem(`${path}.answer`, 'test-answer');
    let note: string | undefined;
    if (t.note !== undefined) {
      if (typeof t.note !== 'string' || !/^[a-z0-9-]{1,40}$/.test(t.note)) r.problem(`${path}.note`, 'test-note');
      else note = t.note;
    }
    let level: Level | undefined;
    if (t.level !== undefined) {
      if (!levels.includes(t.level as Level)) r.problem(`${path}.level`, 'test-level', { levels: levels.join(', ') });
      else level = t.level as Level;
    }
    const when = t.when === undefined ? undefined : r.expr(t.when, `${path}.when`, known);
    for (const k of Object.keys(t)) if (!['answer', 'correct', 'note', 'level', 'when'].includes(k)) r.problem(`${path}.${k}`, 'test-key', { key: k });
    const source = testSource(t.answer, parts[0]?.name);
    if (answer && typeof t.correct === 'boolean') tests.push({ answer, source: source.slice(0, 200), correct: t.correct, path, ...(note ? { note } : {}), ...(level ? { level } : {}), ...(when ? { when } : {}) });
  });

  if (r.problems.length > 0 || typeof id !== 'string' || typeof article !== 'string' || !title) return { ok: false, problems: r.problems };
  const generationKey = hashText(canonicalJson({ symbols: raw.symbols ?? [], variables: raw.variables, levels: raw.levels ?? null, where: raw.where ?? [] }));
  return {
    ok: true,
    spec: {
      id,
      article,
      title,
      ...(explicitVersion !== undefined ? { explicitVersion } : {}),
      generationKey,
      symbols,
      variables,
      levels,
      overrides,
      where,
      prompt,
      parts,
      verify,
      steps,
      feedback,
      tests,
      lineOf,
    },
  };
}
