/**
 * Messages about a question file, as data: a stable `code` and its `args`, so that the app can show
 * them in the author's language (zh dictionary: lib/i18n-questions.ts) while the engine and the batch
 * CLI speak English (the templates below). Args are verbatim text (names, sources, numbers), a text in
 * both languages, or another message (a phrase such as "the condition of if", or the detail of
 * "seed 3, level easy: …"). Placeholders are `{name}`; only the names of given args are replaced.
 */
import type { Bilingual, Lang } from '../i18n';

export type MessageArg = string | number | Bilingual | QuestionMessage;
export type MessageArgs = Readonly<Record<string, MessageArg>>;

export interface QuestionMessage {
  readonly code: QuestionMessageCode;
  readonly args?: MessageArgs;
}

/** The English template of every message code. */
export const QUESTION_MESSAGES_EN = {
  // ---- the expression language (syntax.ts)
  'syntax-unterminated-string': 'unterminated string at column {column}',
  'syntax-string-chars': 'strings may hold letters, digits, space, _ . - (at most 40): column {column}',
  'syntax-unexpected-character': 'unexpected character {char} at column {column}',
  'syntax-too-deep': 'expression nested too deeply (more than {max} levels)',
  'syntax-expected': 'expected {token} at column {column}',
  'syntax-chained-comparison': 'chain comparisons with and: a < b and b < c',
  'syntax-implicit-multiplication': 'write * for multiplication (at column {column})',
  'syntax-literal-too-long': 'number literal too long: {text}…',
  'syntax-number-out-of-range': 'number out of range: {text}',
  'syntax-unexpected': 'unexpected {token} at column {column}',
  'syntax-empty-brackets': 'empty brackets []',
  'syntax-ends-early': 'the expression ends too early',
  'syntax-not-text': 'an expression must be text',
  'syntax-too-long': 'expression too long (more than {max} characters)',
  'syntax-empty': 'empty expression',
  'expression-too-large': 'expression too large (more than {max} nodes)',

  // ---- evaluation (interpret.ts, values.ts)
  'budget-work': 'work budget exceeded ({limit} units) during {during}',
  'during-evaluation': 'evaluation',
  'during-comparison': 'a comparison',
  'during-simplification': 'simplification',
  'during-equality': 'an equality test',
  'number-too-large': 'number too large (more than {max} bits)',
  'not-real': 'not a real number: {value} (division by zero, root or log of a negative?)',
  'approx-out-of-range': 'number out of the range of approximate arithmetic',
  'division-maybe-zero': 'division by a value that may be 0',
  'not-defined-here': '{what} is not defined here',
  'what-power-of-nonpositive': 'a non-integer power of a non-positive number',
  'what-sqrt-of-negative': 'sqrt of a negative number',
  'what-log-of-nonpositive': 'log of a non-positive number',
  'division-by-zero': 'division by zero',
  'power-approx-near-zero': 'power of an approximate value too close to 0',
  'zero-to-negative-power': 'division by zero (0 to a negative power)',
  'power-too-large-of': 'power too large: {base}^{exponent}',
  'power-too-large': 'power too large',
  'compare-symbols': 'cannot compare expressions with free symbols by < or >',
  'compare-not-real': 'comparison of values that are not real numbers',
  'compare-cannot-evaluate': 'cannot evaluate a comparison',
  'compare-undecided-exact': 'cannot decide a comparison: the values agree to many digits',
  'compare-undecided-approx': 'cannot decide a comparison of approximate values that agree to about 15 digits',
  'vector-too-long': 'vector too long (more than {max} entries)',
  'matrix-too-large': 'matrix too large (more than {max}×{max})',
  'matmul-shapes': 'cannot multiply a {left} matrix by a {right} one',
  'add-vector-lengths': 'cannot add vectors of lengths {left} and {right}',
  'add-matrix-shapes': 'cannot add matrices of different shapes',
  'cannot-add': 'cannot add a {right} to a {left}',
  'cannot-subtract': 'cannot subtract a {right} from a {left}',
  'multiply-vectors': 'use dot(u, v) or cross(u, v) to multiply two vectors',
  'cannot-multiply': 'cannot multiply a {left} by a {right}',
  'cannot-divide': 'cannot divide a {left} by a {right}',
  'cannot-negate': 'cannot negate {value}',
  'matrix-power-square': 'only square matrices have powers',
  'matrix-power-exponent': 'a matrix power needs a whole exponent from 0 to 64',
  'cannot-power': 'cannot raise a {value} to a power',
  'must-be-vector': '{what} must be a vector, got {got}',
  'must-be-matrix': '{what} must be a matrix, got {got}',
  'must-be-number': '{what} must be a number, got {got}',
  'must-be-whole': '{what} must be a whole number, got {got}',
  'must-be-bool': '{what} must be true or false, got {got}',
  'int-too-large': '{what} too large (limit {limit})',
  'det-square': 'det needs a square matrix',
  'det-symbolic-size': 'det of a non-rational matrix is limited to {max}×{max}',
  'inv-square': 'inv needs a square matrix',
  'inv-singular': 'inv of a singular matrix',
  'inv-symbolic-size': 'inv of a non-rational matrix is limited to {max}×{max}',
  'rounding-undecided': 'cannot decide {mode} of a value this close to a whole number',
  'harmonic-negative': 'harmonic(n) needs n ≥ 0',
  'harmonic-limit': 'harmonic(n) is limited to n ≤ {max}',
  'unknown-name': 'unknown name {name}',
  'matrix-rows': 'matrix rows must have the same length',
  'list-shape': 'a list holds numbers (a vector) or vectors of one length (a matrix)',
  'index-range': 'index {index} out of range 1…{size}',
  'row-range': 'row {index} out of range 1…{size}',
  'cannot-index': 'cannot index a {value}',
  'factorial-negative': 'factorial needs n ≥ 0',
  'arity': '{name} takes {count} argument(s), got {got}',
  'arity-either': '{name} takes {count} or {other} argument(s), got {got}',
  'bound-name': '{name}: the second argument must be a name (the index variable)',
  'vector-function': '{name} of a vector: apply it to each entry',
  'sum-too-long': '{name} over more than {max} terms',
  'first-not-found': 'first: no {name} within {max} steps of {from}',
  'unknown-function': 'unknown function {name}',
  'min-max-empty': '{name} of nothing',
  'dot-lengths': 'dot of vectors of lengths {left} and {right}',
  'cross-length': 'cross needs two vectors of length 3',
  'len-of': 'len of a {value}',
  'eye-size': 'eye(n) needs n ≥ 1',
  'subs-count': 'subs: {names} variable(s) but {values} value(s)',
  'mod-zero': 'mod by zero',
  'expected-numeric': 'expected numbers or expressions, got {got}',
  'needs-exact': '{what} needs exact values, not approximations',
  'must-be-symbol': "{what} must be a symbol (one of the file's symbols)",
  'enclose-symbolic': '{what} must be a number, not an expression in {expr}',
  'enclose-not-real': '{what} is not a real number ({expr})',
  'enclose-unevaluable': '{what} cannot be evaluated ({expr})',
  'too-large-to-evaluate': 'too large to evaluate: {detail}',
  // what a message is about
  'what-value': 'value',
  'what-not-operand': 'the operand of not',
  'what-index': 'an index',
  'what-left-side': 'the left side of {op}',
  'what-right-side': 'the right side of {op}',
  'what-compared': 'a compared value',
  'what-argument-of': 'the argument of {name}',
  'what-an-argument-of': 'an argument of {name}',
  'what-condition-of': 'the condition of {name}',
  'what-first-argument': '{name}: first argument',
  'what-second-argument': '{name}: second argument',
  'what-part': '{name}: {part}',
  'what-expected': 'the expected {name}',
  'part-from': 'from',
  'part-to': 'to',
  'part-low': 'low',
  'part-high': 'high',
  'part-step': 'step',
  'part-num-low': 'num low',
  'part-num-high': 'num high',
  'part-den-low': 'den low',
  'part-den-high': 'den high',
  'part-size': 'size',
  'part-rows': 'rows',
  'part-cols': 'cols',
  'part-degree': 'degree',
  'part-terms': 'terms',
  'part-coefficients': 'coefficients',
  'part-order': 'order',
  'part-tolerance': 'tolerance',
  'part-the-function': 'the function',
  'part-the-variables': 'the variables',
  'part-each-variable': 'each variable',
  'part-the-variable': 'the variable',
  'part-the-value': 'the value',
  'part-second-argument': 'the second argument',
  // kinds of value
  'type-number': 'number',
  'type-expression': 'expression',
  'type-vector': 'vector of {size}',
  'type-matrix': '{rows}×{cols} matrix',
  'type-bool': 'true/false',
  'type-text': 'text',

  // ---- drawing and instances (compile.ts)
  'empty-range': '{what}: empty range [{low}, {high}]',
  'step-min': '{what}: step must be at least 1',
  'range-too-large': '{what}: range too large',
  'all-excluded': '{what}: every value drawn was excluded by not',
  'not-scalar-draw': '{what}: not a scalar draw',
  'size-min': '{what} must be at least 1',
  'vector-entries-numbers': '{what}: vector entries must be numbers',
  'nonzero-vector': '{what}: could not draw a nonzero vector',
  'symmetric-square': '{what}: a symmetric matrix is square',
  'matrix-entries-numbers': '{what}: matrix entries must be numbers',
  'too-many-monomials': '{what}: too many monomials',
  'verify-every-draw': 'verify fails on every one of {max} draws (level {level}): {condition}',
  'where-unsatisfiable': 'no draw satisfies where within {max} draws (level {level}): the constraints look unsatisfiable',
  'no-part-applies': "no answer part applies to this instance (check the parts' when)",
  'expected-kind': 'the expected {name} must be {kind}, got {got}',
  'kind-number': 'a number',
  'kind-number-symbols': 'a number (it still has symbols)',
  'kind-vector': 'a vector',
  'kind-matrix': 'a matrix',
  'kind-expression': 'an expression',
  'kind-choice': 'one of the choice ids ({ids})',
  'cannot-compute-answer': 'cannot compute the answer: {detail}',
  'params-unevaluable': 'params cannot be evaluated: {detail}',
  'at-seed-one': 'seed 1: {detail}',
  'no-test-first-level': 'no test applies to the first level',
  'verify-fails': 'fails: {condition}',
  'verify-method-one': 'question-file verify (1 condition)',
  'verify-method': 'question-file verify ({count} conditions)',
  'condition-error': '{condition} ({detail})',

  // ---- question tests (check.ts)
  'at-seed': 'seed {seed}, level {level}: {detail}',
  'verify-redrawn': 'verify failed on draw {attempt} (redrawn, not shown): {condition}',
  'canonical-wrong': 'the canonical answer {answer} is judged {verdict}',
  'test-fails': 'test fails at seed {seed}, level {level}: {detail}',
  'test-mismatch': 'answer {answer} should be {want} but is {got}',
  'want-correct': 'correct',
  'want-incorrect': 'incorrect',
  'want-correct-note': 'correct (note {note})',
  'want-incorrect-note': 'incorrect (note {note})',
  'verdict-invalid': 'invalid ({reason}: {message})',
  'verdict-correct': 'correct (note {note})',
  'verdict-incorrect': 'incorrect (note {note})',
  'engine-error': '{detail}',

  // ---- the file's structure (schema.ts)
  'file-not-text': 'a question file is YAML text',
  'file-too-large': 'file too large ({bytes} bytes; the limit is {limit})',
  'file-not-mapping': 'a question file is a YAML mapping (id: …, variables: …)',
  'yaml-error': '{detail}',
  'unknown-top-key': 'unknown key {key} (known: {known})',
  'id-format': 'id: kebab-case, at most 64 characters (e.g. quadratic-form-gradient)',
  'article-format': 'article: the slug of an article (kebab-case)',
  'version-format': 'version: a whole number from 1 to 1000000',
  'title-format': 'title: {en: …, zh: …}',
  'symbols-format': 'symbols: a list of at most {max} names',
  'symbol-name': 'not a usable symbol name: {name}',
  'symbol-duplicate': 'duplicate symbol {name}',
  'variables-format': 'variables: a mapping of names to draws or expressions',
  'variables-count': 'at most {max} variables',
  'variable-name': 'not a usable variable name: {name}',
  'variable-defined': '{name} is already defined',
  'levels-format': 'levels: {easy: {…}, hard: {…}}',
  'level-name': 'levels are {levels}',
  'level-mapping': 'a level maps drawn variables to new draws',
  'level-not-drawn': '{name} is not a drawn variable; levels override draws only (use a drawn choice and if() to vary a formula)',
  'level-override': 'an override is a draw: {int: […]}, {choice: […]}, …',
  'key-list': '{key}: a list',
  'key-count': '{key}: at most {max} items',
  'key-text': '{key}: {en: …, zh: …}',
  'answer-format': 'answer: {value: {kind: number, expected: …}}',
  'parts-count': 'at most {max} answer parts',
  'part-name': 'not a usable part name: {name} (lower-case letter first; not none, exact or exists)',
  'part-format': 'a part is {kind: …, expected: …}',
  'part-key': 'unexpected key {key} in an answer part',
  'part-kind': 'kind: one of {kinds}',
  'part-tolerance-range': 'tolerance: a relative error from 0 to 0.1',
  'part-variables': 'variables of an expression answer must be among the symbols',
  'part-choices': 'choices: a list of 2 to 12 {id, label}',
  'part-choice-id': 'a choice id is a short word',
  'part-exact': 'exact: true, false or a condition',
  'verify-missing': 'verify: at least one condition that checks the answer by an independent route',
  'feedback-format': 'feedback: {when: …, note: {en, zh}}',
  'feedback-code': 'code: kebab-case',
  'tests-count': 'tests: at least two (a right answer and a wrong one)',
  'test-format': 'a test is {answer: …, correct: true|false}',
  'test-correct': 'correct: true or false',
  'test-part': 'no answer part {name}',
  'test-answer': 'answer: an expression, {part: expression}, {text: "…"} or none',
  'test-note': 'note: a note code (kebab-case)',
  'test-level': 'level: one of {levels}',
  'test-key': 'unexpected key {key} in a test',
  'unknown-name-above': 'unknown name {name} — names must be defined above their use',
  'unknown-name-function': 'unknown name {name} (a function: call it with parentheses) — names must be defined above their use',
  'text-languages': 'expected {en: …, zh: …} with at least one language',
  'text-language-key': 'only en and zh are languages here',
  'text-too-long': 'text too long (more than {max} characters)',
  'text-unclosed': 'unclosed {{ in text',
  'text-interpolations': 'more than {max} {{…}} in one text',
  'range-format': 'expected [low, high]',
  'draw-kind': 'a drawn variable has exactly one of int, rational, choice, vector, matrix, polynomial, compute',
  'draw-key': 'unexpected key {key} in a {kind} draw',
  'draw-not': 'not: a list of at most {max} values',
  'draw-int': 'int: [low, high] or [low, high, step]',
  'draw-rational': 'rational: {num: [low, high], den: [low, high]}',
  'draw-choice': 'choice: a list of 1 to {max} items',
  'draw-choice-text': 'a text choice holds letters, digits, space, _ . - (1 to 40); write {expr: "…"} for an expression',
  'draw-choice-item': 'a choice is a number, true/false, a word, or {expr: "…"}',
  'draw-vector': 'vector: {size: N, int: [low, high]}',
  'draw-matrix': 'matrix: {rows: N, cols: N, int: [low, high]}',
  'draw-entries': 'entries are drawn by int, rational or choice',
  'draw-sizes': 'a size, or a list of sizes to choose from',
  'draw-polynomial': 'polynomial: {symbols: [x, y], degree: 2, terms: [2, 3], coefficients: [-3, 3]}',
  'draw-polynomial-symbols': 'polynomial symbols must be among the file symbols',
  'draw-monomials': 'monomials: a list of 1 to 64 expressions in the symbols',
} as const;

export type QuestionMessageCode = keyof typeof QUESTION_MESSAGES_EN;

/** A message value. */
export const msg = (code: QuestionMessageCode, args?: MessageArgs): QuestionMessage => (args ? { code, args } : { code });

const isMessage = (arg: MessageArg): arg is QuestionMessage => typeof arg === 'object' && 'code' in arg;

/**
 * A message in one language, with its args filled in (recursively); `templates` maps codes to
 * templates (the engine's English, or the app's dictionary for another language).
 *
 * @example
 * renderMessage(msg('unknown-name', { name: 'w' }), QUESTION_MESSAGES_EN, 'en')  // 'unknown name w'
 */
export function renderMessage(message: { readonly code: string; readonly args?: MessageArgs }, templates: Readonly<Record<string, string>>, lang: Lang): string {
  const template = templates[message.code] ?? (QUESTION_MESSAGES_EN as Readonly<Record<string, string>>)[message.code] ?? message.code;
  const args = message.args ?? {};
  return template.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, name: string) => {
    if (!Object.hasOwn(args, name)) return whole;
    const arg = args[name] as MessageArg;
    if (typeof arg === 'string') return arg;
    if (typeof arg === 'number') return String(arg);
    if (isMessage(arg)) return renderMessage(arg, templates, lang);
    return lang === 'zh' ? arg.zh : arg.en;
  });
}

/** The English text of a message (what the engine's errors and the CLI say). */
export const englishOf = (message: QuestionMessage): string => renderMessage(message, QUESTION_MESSAGES_EN, 'en');
