/**
 * Printing the engine AST: TeX for KaTeX previews and worked steps, plain text that parses back
 * to the same tree (canonical answers, examples).
 */
import type { Expr, FnName } from './ast';
import { Rational } from './rational';

const PREC_ADD = 1;
const PREC_MUL = 2;
const PREC_NEG = 3;
const PREC_POW = 4;
const PREC_ATOM = 5;

function precedence(e: Expr): number {
  switch (e.t) {
    case 'add':
      return PREC_ADD;
    case 'mul':
    case 'div':
      return PREC_MUL;
    case 'neg':
      return PREC_NEG;
    case 'pow':
      return PREC_POW;
    case 'num':
      return e.value.sign() < 0 ? PREC_NEG : e.value.isInteger() || e.decimal ? PREC_ATOM : PREC_MUL;
    case 'fn':
      return e.name === 'factorial' ? PREC_POW : PREC_ATOM;
    default:
      return PREC_ATOM;
  }
}

const TEX_FUNCTIONS: Partial<Record<FnName, string>> = {
  exp: '\\exp',
  ln: '\\ln',
  log: '\\ln',
  log10: '\\log_{10}',
  log2: '\\log_{2}',
  sin: '\\sin',
  cos: '\\cos',
  tan: '\\tan',
  sec: '\\sec',
  csc: '\\csc',
  cot: '\\cot',
  asin: '\\arcsin',
  acos: '\\arccos',
  atan: '\\arctan',
  sinh: '\\sinh',
  cosh: '\\cosh',
  tanh: '\\tanh',
  sign: '\\operatorname{sign}',
};

const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi',
  'rho', 'sigma', 'tau', 'upsilon', 'phi', 'chi', 'psi', 'omega', 'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Sigma',
  'Phi', 'Psi', 'Omega',
]);

function texVariable(name: string): string {
  const m = /^([A-Za-z]+)_?(\d+)$/.exec(name);
  if (m) return `${texVariable(m[1] as string)}_{${m[2]}}`;
  if (name.length === 1) return name;
  if (GREEK.has(name)) return `\\${name}`;
  const parts = name.split('_');
  if (parts.length === 2 && parts[0] && parts[1]) return `${texVariable(parts[0])}_{${texVariable(parts[1])}}`;
  return `\\mathit{${name.replace(/_/g, '\\_')}}`;
}

/** A number literal: a decimal as typed, otherwise the exact rational. */
function texLiteral(e: Extract<Expr, { t: 'num' }>): string {
  if (e.decimal) return decimalTex(e);
  return e.value.toTex();
}

/** A decimal literal as typed, in TeX (`2.684e8` → `2.684 \times 10^{8}`). */
function decimalTex(e: Extract<Expr, { t: 'num' }>): string {
  const text = e.decimal?.text ?? e.value.toString();
  const [mantissa, exponent] = text.toLowerCase().split('e') as [string, string | undefined];
  return exponent === undefined ? mantissa : `${mantissa} \\times 10^{${Number(exponent)}}`;
}

/**
 * TeX for an expression, showing how it was understood (implicit products, `log` as ln, vectors in
 * brackets, matrices as bmatrix).
 *
 * @example
 * toTex(parse('1/2x'))  // '\frac{1}{2}\,x'  — mathjs reads 1/2x as (1/2)·x
 */
export function toTex(e: Expr): string {
  switch (e.t) {
    case 'num':
      return texLiteral(e);
    case 'const':
      return e.name === 'pi' ? '\\pi' : 'e';
    case 'var':
      return texVariable(e.name);
    case 'add':
      return e.terms
        .map((term, i) => {
          if (i === 0) return wrapTex(term, PREC_ADD);
          const negated = negatedTerm(term);
          if (negated) return ` - ${wrapTex(negated, PREC_MUL)}`;
          return ` + ${wrapTex(term, PREC_ADD + 0.5)}`;
        })
        .join('');
    case 'mul': {
      let out = '';
      e.factors.forEach((factor, i) => {
        const tex = i === 0 ? wrapTex(factor, PREC_MUL) : wrapTex(factor, PREC_MUL + 0.5);
        if (i === 0) out = tex;
        else {
          const prev = e.factors[i - 1] as Expr;
          const juxtapose = prev.t === 'num' && factor.t !== 'num' && !startsWithDigit(factor) && precedence(prev) === PREC_ATOM;
          out += juxtapose ? `\\,${tex}` : ` \\cdot ${tex}`;
        }
      });
      return out;
    }
    case 'neg':
      return `-${wrapTex(e.arg, PREC_MUL)}`;
    case 'div':
      return `\\frac{${toTex(e.num)}}{${toTex(e.den)}}`;
    case 'pow': {
      const base = e.base.t === 'fn' && TEX_FUNCTIONS[e.base.name] ? `\\left(${toTex(e.base)}\\right)` : wrapTex(e.base, PREC_ATOM);
      return `{${base}}^{${toTex(e.exp)}}`;
    }
    case 'fn':
      return texFunction(e);
    case 'vec': {
      if (e.items.length > 0 && e.items.every((row) => row.t === 'vec')) {
        const rows = e.items.map((row) => (row as Extract<Expr, { t: 'vec' }>).items.map(toTex).join(' & '));
        return `\\begin{bmatrix}${rows.join(' \\\\ ')}\\end{bmatrix}`;
      }
      return `\\left[${e.items.map(toTex).join(',\\ ')}\\right]`;
    }
  }
}

/** For printing a − b: the positive part of a term with a leading minus (−b, −3·x, −2/3), or null. */
function negatedTerm(term: Expr): Expr | null {
  if (term.t === 'neg') return term.arg;
  if (term.t === 'num' && term.value.sign() < 0 && !term.decimal) return { t: 'num', value: term.value.neg() };
  if (term.t === 'mul') {
    const [first, ...rest] = term.factors;
    if (first?.t === 'num' && first.value.sign() < 0 && !first.decimal && rest.length > 0) {
      const positive = first.value.neg();
      if (positive.equals(Rational.one)) return rest.length === 1 ? (rest[0] as Expr) : { t: 'mul', factors: rest };
      return { t: 'mul', factors: [{ t: 'num', value: positive }, ...rest] };
    }
  }
  return null;
}

function startsWithDigit(e: Expr): boolean {
  if (e.t === 'num') return true;
  if (e.t === 'pow') return startsWithDigit(e.base);
  if (e.t === 'mul') return startsWithDigit(e.factors[0] as Expr);
  return false;
}

/** In TeX a fraction is a closed box: it needs parentheses only as the base of a power. */
function texPrecedence(e: Expr): number {
  if (e.t === 'div') return PREC_POW;
  if (e.t === 'num' && e.value.sign() >= 0 && !e.value.isInteger() && !e.decimal) return PREC_POW;
  return precedence(e);
}

function wrapTex(e: Expr, minPrecedence: number): string {
  const tex = toTex(e);
  return texPrecedence(e) < minPrecedence ? `\\left(${tex}\\right)` : tex;
}

function texFunction(e: Extract<Expr, { t: 'fn' }>): string {
  const [a, b] = e.args as [Expr, Expr | undefined];
  switch (e.name) {
    case 'sqrt':
      return `\\sqrt{${toTex(a)}}`;
    case 'cbrt':
      return `\\sqrt[3]{${toTex(a)}}`;
    case 'nthroot':
      return `\\sqrt[${toTex(b as Expr)}]{${toTex(a)}}`;
    case 'abs':
      return `\\left|${toTex(a)}\\right|`;
    case 'floor':
      return `\\left\\lfloor ${toTex(a)} \\right\\rfloor`;
    case 'ceil':
      return `\\left\\lceil ${toTex(a)} \\right\\rceil`;
    case 'max':
    case 'min':
      return `\\${e.name}\\left(${e.args.map(toTex).join(', ')}\\right)`;
    case 'factorial':
      return `${wrapTex(a, PREC_ATOM)}!`;
    case 'binom':
      return `\\binom{${toTex(a)}}{${toTex(b as Expr)}}`;
    case 'log':
      if (b) return `\\log_{${wrapTex(b, PREC_ATOM)}}\\left(${toTex(a)}\\right)`;
      return `\\ln\\left(${toTex(a)}\\right)`;
    default:
      return `${TEX_FUNCTIONS[e.name] ?? `\\operatorname{${e.name}}`}\\left(${toTex(a)}\\right)`;
  }
}

/**
 * Plain text that parses back to an equal tree: fully explicit `*`, parentheses where needed.
 *
 * @example
 * toText(parse('2x^2 - 1/3'))  // '2*x^2 - 1/3'
 */
export function toText(e: Expr): string {
  switch (e.t) {
    case 'num':
      return e.decimal ? e.decimal.text : e.value.toString();
    case 'const':
      return e.name;
    case 'var':
      return e.name;
    case 'add':
      return e.terms
        .map((term, i) => {
          if (i === 0) return wrapText(term, PREC_ADD);
          const negated = negatedTerm(term);
          if (negated) return ` - ${wrapText(negated, PREC_MUL)}`;
          return ` + ${wrapText(term, PREC_ADD + 0.5)}`;
        })
        .join('');
    case 'mul':
      return e.factors.map((f, i) => wrapText(f, i === 0 ? PREC_MUL : PREC_MUL + 0.5)).join('*');
    case 'neg':
      return `-${wrapText(e.arg, PREC_MUL)}`;
    case 'div':
      return `${wrapText(e.num, PREC_MUL)}/${wrapText(e.den, PREC_MUL + 0.5)}`;
    case 'pow':
      return `${wrapText(e.base, PREC_ATOM)}^${wrapText(e.exp, PREC_ATOM)}`;
    case 'fn': {
      if (e.name === 'factorial') return `${wrapText(e.args[0] as Expr, PREC_ATOM)}!`;
      const name = e.name === 'nthroot' ? 'nthRoot' : e.name;
      return `${name}(${e.args.map(toText).join(', ')})`;
    }
    case 'vec':
      return `[${e.items.map(toText).join(', ')}]`;
  }
}

function wrapText(e: Expr, minPrecedence: number): string {
  const text = toText(e);
  const p = e.t === 'num' && !e.value.isInteger() && !e.decimal ? PREC_MUL : precedence(e);
  return p < minPrecedence ? `(${text})` : text;
}
