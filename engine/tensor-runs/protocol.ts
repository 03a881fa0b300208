/**
 * The tensor-program protocol. A program is a seeded computation on tensors that the learner's
 * browser runs with TensorFlow.js (wasm or cpu backend) and the server reruns (cpu backend in Node);
 * it says what it costs, how to read figures a browser reports, and how to compare them with the
 * server's own run. A family makes a program its ability with `tensorRun` (engine/family.ts).
 *
 * Programs are browser-safe: this folder imports nothing but the engine's `Rng`, its FLOP counter
 * and its error classes, never TensorFlow.js itself (the caller passes `tf` with its backend
 * chosen) and never the answer machinery (mathjs), so the practice page can load it on its own.
 */
import type { Seed } from '../rng';
import type { TensorFlow } from '../tensor';
import { ContentError, InvalidParamsError } from '../errors';

/** Milliseconds from some origin (`performance.now` in the browser). Programs time only what they are given a clock for. */
export type Clock = () => number;

/** What a run measures: plain JSON data, tagged with the program's kind. */
export interface TensorFigures {
  readonly kind: string;
}

/** A program's sizes and probabilities for one instance: plain JSON, sent to the browser. */
export type ProgramSetup = { readonly [key: string]: number | string | boolean };

/** One reported figure that does not match the server's run. */
export interface FigureMismatch {
  readonly figure: string;
  readonly reported: number | string;
  readonly expected: number | string;
  /** The rule it broke, in words ("exactly", "within 1e-4 relative"). */
  readonly rule: string;
}

/**
 * A seeded tensor program. `S` is its setup (from a family's params), `F` the figures a run gives.
 * Figures are computed from seeded inputs only, so two backends differ only in the order of
 * floating-point sums: `compare` holds each figure to a tolerance that says so.
 */
export interface TensorProgram<S extends ProgramSetup = ProgramSetup, F extends TensorFigures = TensorFigures> {
  /** kebab-case, unique among programs; tags the figures. */
  readonly kind: string;
  /** Runs on whatever backend `tf` has; a clock lets a program time itself (the browser's figures only). */
  run(tf: TensorFlow, setup: S, seed: Seed, clock?: Clock): F;
  /** Multiply–adds, roughly: what a server rerun of this setup costs (the app caps it). */
  cost(setup: S): number;
  /** Figures a browser reported for this setup, validated and capped; throws InvalidParamsError naming the field. */
  parseFigures(raw: unknown, setup: S): F;
  /** Reported figures against the server's run of the same setup and seed: the mismatches (empty: accepted). */
  compare(server: F, reported: F): FigureMismatch[];
}

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Checks a program's kind and returns it unchanged.
 *
 * @example
 * export const walkProgram = defineTensorProgram<WalkSetup, WalkFigures>({ kind: 'walk', run, cost, parseFigures, compare });
 */
export function defineTensorProgram<S extends ProgramSetup, F extends TensorFigures>(program: TensorProgram<S, F>): TensorProgram<S, F> {
  if (!KEBAB.test(program.kind)) throw new ContentError(`tensor program kind must be kebab-case: ${program.kind}`);
  return Object.freeze({ ...program });
}

/** Programs by kind: the practice page looks up the program an instance names. */
export interface ProgramRegistry {
  readonly programs: readonly TensorProgram[];
  byKind(kind: string): TensorProgram | undefined;
}

/** Builds a program registry; throws ContentError on duplicate kinds. */
export function createProgramRegistry(programs: readonly TensorProgram[]): ProgramRegistry {
  const map = new Map<string, TensorProgram>();
  for (const p of programs) {
    if (map.has(p.kind)) throw new ContentError(`duplicate tensor program kind ${p.kind}`);
    map.set(p.kind, p);
  }
  return { programs: Object.freeze([...programs]), byKind: (kind) => map.get(kind) };
}

// ---------------------------------------------------------------------------------------------
// Comparing figures

/**
 * A collector of mismatches, for `compare`: each rule records the figure it rejects.
 *
 * @example
 * const c = figureComparison();
 * c.exact('n', reported.n, server.n);
 * c.relative('maxAbs', reported.maxAbs, server.maxAbs, 1e-4);
 * return c.mismatches;
 */
export function figureComparison() {
  const mismatches: FigureMismatch[] = [];
  const within = (figure: string, r: number, e: number, allowed: number, rule: string) => {
    if (!(Math.abs(r - e) <= allowed)) mismatches.push({ figure, reported: r, expected: e, rule });
  };
  const exact = (figure: string, r: number | string, e: number | string) => {
    if (r !== e) mismatches.push({ figure, reported: r, expected: e, rule: 'exactly' });
  };
  return {
    mismatches,
    exact,
    within,
    /** |r − e| ≤ rel·|e|. */
    relative: (figure: string, r: number, e: number, rel: number) => within(figure, r, e, rel * Math.abs(e), `within ${rel} relative`),
    /** Same length, then `check` per entry (named `figure[i]`). */
    list: (figure: string, r: readonly number[], e: readonly number[], check: (name: string, a: number, b: number) => void) => {
      if (r.length !== e.length) mismatches.push({ figure: `${figure}.length`, reported: r.length, expected: e.length, rule: 'exactly' });
      else e.forEach((value, i) => check(`${figure}[${i}]`, r[i] as number, value));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading reported figures

const MAX_COUNT = 2 ** 40;

/**
 * A strict reader of a reported figures object: exactly the given keys (plus `kind`, which must be
 * the program's), each read with a type and bounds. Errors are InvalidParamsError naming the field.
 *
 * @example
 * const r = figureReader(raw, 'walk', ['n', 'walks', 'counts', 'mean', 'variance']);
 * const n = r.count('n');
 * const counts = r.list('counts', 201, (x, name) => r.countValue(x, name));
 */
export function figureReader(raw: unknown, kind: string, keys: readonly string[]) {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidParamsError('must be an object');
  const o = raw as Readonly<Record<string, unknown>>;
  if (Object.hasOwn(o, 'kind') && o.kind !== kind) throw new InvalidParamsError(`kind: must be ${kind}`);
  for (const key of Object.keys(o)) {
    if (key !== 'kind' && !keys.includes(key)) throw new InvalidParamsError(`${JSON.stringify(key.slice(0, 40))}: unknown figure`);
  }
  const field = (key: string): unknown => {
    if (!Object.hasOwn(o, key)) throw new InvalidParamsError(`${key}: missing`);
    return o[key];
  };
  const countValue = (v: unknown, name: string): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_COUNT) throw new InvalidParamsError(`${name}: must be a whole number between 0 and 2^40`);
    return v;
  };
  const finiteValue = (v: unknown, name: string, min = -Infinity, max = Infinity): number => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidParamsError(`${name}: must be a finite number`);
    if (v < min || v > max) throw new InvalidParamsError(`${name}: must be between ${min} and ${max}`);
    return v;
  };
  const list = <T>(key: string, maxLength: number, item: (value: unknown, name: string) => T): T[] => {
    const v = field(key);
    if (!Array.isArray(v)) throw new InvalidParamsError(`${key}: must be a list`);
    if (v.length > maxLength) throw new InvalidParamsError(`${key}: at most ${maxLength} entries`);
    return v.map((x: unknown, i) => item(x, `${key}.${i}`));
  };
  return {
    countValue,
    finiteValue,
    list,
    /** A whole number in [0, 2⁴⁰]. */
    count: (key: string) => countValue(field(key), key),
    /** A finite number in [min, max]. */
    finite: (key: string, min?: number, max?: number) => finiteValue(field(key), key, min, max),
    /** A nested object read by `read`. */
    object: <T>(value: unknown, name: string, read: (o: Readonly<Record<string, unknown>>) => T): T => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidParamsError(`${name}: must be an object`);
      return read(value as Readonly<Record<string, unknown>>);
    },
  };
}
