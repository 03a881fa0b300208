/**
 * Sweep: every family × 1000 seeds × every level, through the engine's public functions only.
 * For each instance: generate never throws; params and answer survive a JSON round trip;
 * solving the round-tripped params gives the same answer (determinism, validator accepts its own
 * output); the independent verification holds; the canonical answer text is graded correct and a
 * wrong one (a perturbed number, another valid choice) incorrect; prompts and steps exist in both
 * languages with no `undefined`/`NaN` and every formula in them renders with KaTeX in strict mode, and
 * the worked steps carry the same mathematics in both languages (the same formulas, numbers included).
 * Every 25th seed, `verify` must REJECT wrong solutions: the solution of another instance, and the
 * right solution with one graded part (or one vector/matrix entry) tampered with.
 * Every family's example answers get their stated verdicts.
 */
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { families } from '../problems';
import { splitMath } from '../lib/rich-text';
import {
  answerSpecOf,
  answerTexts,
  checkAnswer,
  checkExamples,
  Expression,
  generateInstance,
  LEVELS,
  renderPrompt,
  renderSteps,
  solveParams,
  verifyInstance,
  type AnswerSpec,
  type ExpectedPart,
  type JsonObject,
  type ProblemFamily,
  type Solution,
  type Verification,
} from '../engine';

const SEEDS = 1000;
/** Every this many seeds: KaTeX, determinism and the verify-rejects checks (they cost more). */
const EVERY = 25;
const BAD_TEXT = /undefined|NaN|\[object|Infinity/;
/** 3000 instances of a family: well under a minute alone, but `npm test` shares two cores with the build and browsers. */
const SWEEP_TIMEOUT_MS = 180_000;

/** A wrong answer derived from the right one: every number moved, every choice another valid one. */
function perturbed(spec: AnswerSpec, texts: 'none' | Readonly<Record<string, string>>): unknown {
  if (texts === 'none') {
    return Object.fromEntries(
      spec.parts.map((p) => [
        p.name,
        p.kind === 'vector' ? `[${new Array(p.length).fill('0').join(', ')}]` : p.kind === 'choice' ? (p.choices[0]?.id ?? '0') : '0',
      ]),
    );
  }
  if (spec.noneAllowed) return 'none';
  return Object.fromEntries(
    Object.entries(texts).map(([name, text]) => {
      const part = spec.parts.find((p) => p.name === name);
      if (part?.kind === 'vector') return [name, text.replace(/^\[([^,\]]+)/, '[($1) + 1')];
      if (part?.kind === 'matrix') return [name, text.replace(/^\[\[([^,\]]+)/, '[[($1) + 1')];
      if (part?.kind === 'choice') {
        const other = part.choices.find((c) => c.id.toLowerCase() !== text.trim().toLowerCase());
        if (!other) throw new Error(`${name}: a choice part needs at least two choices`);
        return [name, other.id];
      }
      return [name, `(${text}) + 1`];
    }),
  );
}

/** KaTeX in strict mode (as the content tests use it) on every formula of a text; problems found. */
function katexProblems(text: string): string[] {
  const problems: string[] = [];
  for (const s of splitMath(text)) {
    if (s.kind === 'text') {
      if (s.value.includes('$')) problems.push(`unbalanced $ near ${s.value.slice(0, 60)}`);
      continue;
    }
    try {
      katex.renderToString(s.tex, { displayMode: s.kind === 'display', throwOnError: true, strict: 'error', trust: false });
    } catch (error) {
      problems.push(`${s.tex.slice(0, 120)} → ${(error as Error).message.slice(0, 160)}`);
    }
  }
  return problems;
}

/** The formulas of a text (each `$…$` / `$$…$$`, trimmed), as a sorted set: what its mathematics says. */
function formulas(text: string): string[] {
  return [...new Set(splitMath(text).flatMap((s) => (s.kind === 'text' ? [] : [s.tex.trim()])))].sort();
}

/** A number moved by half (or to 1 from 0): far outside any tolerance, Monte Carlo included. */
function moved(e: Expression): Expression {
  const x = e.toNumber();
  return x === 0 ? Expression.from(1) : Expression.mul(e, Expression.parse('3/2'));
}

/** Wrong versions of one graded part: the value moved, each vector/matrix entry moved in turn, another choice. */
function tamperings(part: ExpectedPart, spec: AnswerSpec, name: string): ExpectedPart[] {
  switch (part.kind) {
    case 'number':
      return [{ kind: 'number', value: moved(part.value) }];
    case 'expression':
      return [{ kind: 'expression', value: Expression.add(part.value, 1) }];
    case 'vector':
      return part.value.map((_, i) => ({ kind: 'vector', value: part.value.map((e, j) => (i === j ? moved(e) : e)) }));
    case 'matrix':
      return part.value.flatMap((row, i) =>
        row.map((_, j): ExpectedPart => ({ kind: 'matrix', value: part.value.map((r, a) => r.map((e, b) => (a === i && b === j ? moved(e) : e))) })),
      );
    case 'choice': {
      const spec1 = spec.parts.find((p) => p.name === name);
      const others = spec1?.kind === 'choice' ? spec1.choices.filter((c) => c.id !== part.value) : [];
      return others.map((c) => ({ kind: 'choice', value: c.id }));
    }
  }
}

/** Runs the family's own `verify` on a given (possibly wrong) solution; a throw is reported as such. */
async function verifyWith(family: ProblemFamily, params: unknown, make: (right: Solution) => Solution): Promise<Verification | { ok: 'threw'; detail: string }> {
  return family.use(async (def) => {
    const p = def.parseParams(params);
    const right = def.solve(p) as Solution;
    try {
      return await def.verify(p, make(right) as Parameters<typeof def.verify>[1]);
    } catch (error) {
      return { ok: 'threw' as const, detail: error instanceof Error ? error.message : String(error) };
    }
  });
}

/**
 * Are two instances' graded answers clearly different — some number more than 25% apart, or another
 * choice or expression? (Monte Carlo verifications cannot tell a 3% difference from noise.)
 */
function farApart(a: Solution['expected'], b: Solution['expected']): boolean {
  if (a.kind !== 'parts' || b.kind !== 'parts') return a.kind !== b.kind;
  const far = (x: number, y: number) => Math.abs(x - y) > 0.25 * Math.max(Math.abs(x), Math.abs(y));
  return Object.entries(a.parts).some(([name, p]) => {
    const q = b.parts[name];
    if (!q || q.kind !== p.kind) return true;
    if (p.kind === 'number' && q.kind === 'number') return far(p.value.toNumber(), q.value.toNumber());
    if (p.kind === 'vector' && q.kind === 'vector') return p.value.some((e, i) => far(e.toNumber(), q.value[i]?.toNumber() ?? NaN));
    if (p.kind === 'matrix' && q.kind === 'matrix') return p.value.some((row, i) => row.some((e, j) => far(e.toNumber(), q.value[i]?.[j]?.toNumber() ?? NaN)));
    if (p.kind === 'choice' && q.kind === 'choice') return p.value !== q.value;
    return p.value.toString() !== q.value.toString();
  });
}

const specShape = (spec: AnswerSpec) => JSON.stringify(spec.parts.map((p) => [p.name, p.kind, 'length' in p ? p.length : 0, 'rows' in p ? [p.rows, p.cols] : 0]));

describe.each(families.map((f) => [f.id, f] as const))('sweep %s', (_id, family) => {
  it('examples get their verdicts', () => {
    const failures = checkExamples(family).filter((o) => !o.ok);
    expect(failures).toEqual([]);
  });

  it(`${SEEDS} seeds × ${LEVELS.length} levels: generate, round trip, verify, check, KaTeX (strict)`, async () => {
    const problems: string[] = [];
    const distinct = new Map<string, Set<string>>();
    for (let seed = 0; seed < SEEDS; seed++) {
      for (const level of family.levels) {
        const where = `${family.id} seed ${seed} ${level}`;
        try {
          const instance = generateInstance(family, seed, level);
          const params = JSON.parse(JSON.stringify(instance.params)) as unknown;
          expect(params, where).toEqual(instance.params);
          const set = distinct.get(level) ?? new Set<string>();
          set.add(JSON.stringify(params));
          distinct.set(level, set);
          const answer = solveParams(family, params);
          expect(JSON.parse(JSON.stringify(answer)), where).toEqual(instance.answer);
          const verification = await verifyInstance(family, params);
          if (!verification.ok) problems.push(`${where}: verify failed (${verification.method}): ${verification.detail}`);
          const texts = answerTexts(family, params);
          const right = checkAnswer(family, params, texts);
          if (right.kind !== 'graded' || !right.correct) problems.push(`${where}: canonical answer ${JSON.stringify(texts)} → ${JSON.stringify(right)}`);
          const wrongAnswer = perturbed(answerSpecOf(family, params), texts);
          const wrong = checkAnswer(family, params, wrongAnswer);
          if (wrong.kind !== 'graded') problems.push(`${where}: the wrong answer ${JSON.stringify(wrongAnswer)} did not parse: ${JSON.stringify(wrong)}`);
          else if (wrong.correct) problems.push(`${where}: perturbed answer ${JSON.stringify(wrongAnswer)} graded correct`);
          if (seed % EVERY === 0) {
            const stepsIn = { en: renderSteps(family, params, 'en'), zh: renderSteps(family, params, 'zh') };
            const [en, zh] = [formulas(stepsIn.en), formulas(stepsIn.zh)];
            const onlyEn = en.filter((f) => !zh.includes(f));
            const onlyZh = zh.filter((f) => !en.includes(f));
            if (onlyEn.length + onlyZh.length > 0) problems.push(`${where}: the steps differ in their mathematics: English only ${JSON.stringify(onlyEn)}, Chinese only ${JSON.stringify(onlyZh)}`);
            for (const lang of ['en', 'zh'] as const) {
              const prompt = renderPrompt(family, params, lang);
              const steps = stepsIn[lang];
              if (prompt.length < 20 || BAD_TEXT.test(prompt)) problems.push(`${where}: prompt(${lang}) ${prompt.slice(0, 80)}`);
              if (steps.length < 20 || BAD_TEXT.test(steps)) problems.push(`${where}: steps(${lang}) ${steps.slice(0, 200)}`);
              for (const p of katexProblems(prompt)) problems.push(`${where}: prompt(${lang}) KaTeX: ${p}`);
              for (const p of katexProblems(steps)) problems.push(`${where}: steps(${lang}) KaTeX: ${p}`);
            }
            const again = generateInstance(family, seed, level);
            expect(again.params, `${where}: generate is deterministic`).toEqual(instance.params);
          }
        } catch (error) {
          problems.push(`${where}: threw ${error instanceof Error ? error.stack : String(error)}`);
        }
        if (problems.length > 10) break;
      }
    }
    expect(problems).toEqual([]);
    for (const [level, set] of distinct) expect(set.size, `${family.id} ${level}: varied instances`).toBeGreaterThanOrEqual(20);
  }, SWEEP_TIMEOUT_MS);

  it('verify rejects a wrong solution: another instance\'s, and each graded part tampered with', async () => {
    const problems: string[] = [];
    let swaps = 0;
    let tampers = 0;
    for (let seed = 0; seed < SEEDS; seed += EVERY) {
      for (const level of family.levels) {
        const where = `${family.id} seed ${seed} ${level}`;
        const { params } = generateInstance(family, seed, level);
        const spec = answerSpecOf(family, params);
        const mine = family.use((def) => def.solve(def.parseParams(params)) as Solution);
        // The solution of another instance with answers of the same shape but clearly other values.
        for (let other = seed + 1; other < seed + 40; other++) {
          const o = generateInstance(family, other, level).params;
          if (specShape(answerSpecOf(family, o)) !== specShape(spec)) continue;
          const foreign = family.use((def) => def.solve(def.parseParams(o)) as Solution);
          if (!farApart(mine.expected, foreign.expected)) continue;
          const result = await verifyWith(family, params, () => foreign);
          swaps++;
          if (result.ok !== false) problems.push(`${where}: verify ${result.ok === true ? 'accepted' : `threw on (${'detail' in result ? result.detail : ''})`} the solution of seed ${other}`);
          break;
        }
        // The right solution with one graded part wrong.
        const right = family.use((def) => def.solve(def.parseParams(params)) as Solution);
        const expected = right.expected;
        const wrongs: { label: string; make: (s: Solution) => Solution }[] =
          expected.kind === 'none'
            ? []
            : Object.entries(expected.parts).flatMap(([name, part]) =>
                tamperings(part, spec, name).map((bad, k) => ({
                  label: `${name}#${k}`,
                  make: (s: Solution): Solution => ({ ...s, expected: { kind: 'parts', parts: { ...expected.parts, [name]: bad } } }),
                })),
              );
        for (const { label, make } of wrongs) {
          tampers++;
          const result = await verifyWith(family, params, make);
          if (result.ok !== false) problems.push(`${where}: verify ${result.ok === true ? 'accepted' : 'threw on'} the solution with graded part ${label} tampered`);
        }
        if (problems.length > 10) break;
      }
      if (problems.length > 10) break;
    }
    expect(problems).toEqual([]);
    expect(swaps, 'the swap test ran').toBeGreaterThan(0);
    expect(tampers, 'the tamper test ran').toBeGreaterThan(0);
  }, SWEEP_TIMEOUT_MS);
});

describe('sweep coverage', () => {
  it('every task of a task family is generated at some level, and is named by its params', () => {
    const withTasks = families.filter((f) => f.tasks);
    expect(withTasks.map((f) => f.id).sort()).toEqual(['lora-params', 'matrix-definiteness', 'moe-params']);
    for (const family of withTasks) {
      const { tag, names } = family.tasks!;
      const seen = new Set<unknown>();
      for (const level of family.levels) for (let seed = 0; seed < 200; seed++) seen.add(generateInstance(family, seed, level).params[tag]);
      expect([...seen].sort(), family.id).toEqual([...names].sort());
    }
  });

  it('quadratic-minimum generates both cases, with and without a minimum, at every level', () => {
    const family = families.find((f) => f.id === 'quadratic-minimum') as ProblemFamily;
    for (const level of LEVELS) {
      const exists = new Set<boolean>();
      for (let seed = 0; seed < 60; seed++) exists.add((generateInstance(family, seed, level).answer as JsonObject).exists === true);
      expect([...exists].sort()).toEqual([false, true]);
    }
  });

  it('steps whose languages carry different mathematics are told apart', () => {
    const family = families.find((f) => f.id === 'random-walk') as ProblemFamily;
    const params = { n: 4, k: 2, p: '1/2' };
    const [en, zh] = [formulas(renderSteps(family, params, 'en')), formulas(renderSteps(family, params, 'zh'))];
    expect(en).toEqual(zh);
    expect(en).toContain('a = 3');
    // A Chinese line that states a different number is caught.
    const edited = formulas(renderSteps(family, params, 'zh').replace('$a = 3$', '$a = 2$'));
    expect(edited.filter((f) => !en.includes(f))).toEqual(['a = 2']);
  });

  it('the wrong answer of a choice part is another valid choice, so it parses and is graded wrong', () => {
    const family = families.find((f) => f.id === 'matrix-definiteness') as ProblemFamily;
    const params = { A: [[2, 1], [1, 2]], ask: 'classify' };
    const wrong = perturbed(answerSpecOf(family, params), answerTexts(family, params)) as Record<string, string>;
    expect(wrong.value).not.toBe('positive-definite');
    expect(checkAnswer(family, params, wrong)).toMatchObject({ kind: 'graded', correct: false });
  });
});
