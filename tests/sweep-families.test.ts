/**
 * Sweep: every family × 1000 seeds × every level, through the engine's public functions only.
 * For each instance: generate never throws; params and answer survive a JSON round trip;
 * solving the round-tripped params gives the same answer (determinism, validator accepts its own
 * output); the independent verification holds; the canonical answer text is graded correct and a
 * perturbed one incorrect; prompts and steps exist in both languages with no `undefined`/`NaN`.
 * Every family's example answers get their stated verdicts.
 */
import { describe, expect, it } from 'vitest';
import { families } from '../problems';
import {
  answerSpecOf,
  answerTexts,
  checkAnswer,
  checkExamples,
  generateInstance,
  LEVELS,
  renderPrompt,
  renderSteps,
  solveParams,
  verifyInstance,
  type ProblemFamily,
} from '../engine';

const SEEDS = 1000;
const BAD_TEXT = /undefined|NaN|\[object|Infinity/;

/** A wrong answer derived from the right one. */
function perturbed(family: ProblemFamily, params: unknown, texts: 'none' | Readonly<Record<string, string>>): unknown {
  const spec = answerSpecOf(family, params);
  if (texts === 'none') {
    return Object.fromEntries(
      spec.parts.map((p) => [p.name, p.kind === 'vector' ? `[${new Array(p.length).fill('0').join(', ')}]` : '0']),
    );
  }
  if (spec.noneAllowed) return 'none';
  return Object.fromEntries(
    Object.entries(texts).map(([name, text]) => {
      const part = spec.parts.find((p) => p.name === name);
      if (part?.kind === 'vector') return [name, text.replace(/^\[([^,\]]+)/, '[($1) + 1')];
      return [name, `(${text}) + 1`];
    }),
  );
}

describe.each(families.map((f) => [f.id, f] as const))('sweep %s', (_id, family) => {
  it('examples get their verdicts', () => {
    const failures = checkExamples(family).filter((o) => !o.ok);
    expect(failures).toEqual([]);
  });

  it(`${SEEDS} seeds × ${LEVELS.length} levels: generate, round trip, verify, check`, async () => {
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
          const wrong = checkAnswer(family, params, perturbed(family, params, texts));
          if (wrong.kind === 'graded' && wrong.correct) problems.push(`${where}: perturbed answer graded correct`);
          if (seed % 25 === 0) {
            for (const lang of ['en', 'zh'] as const) {
              const prompt = renderPrompt(family, params, lang);
              const steps = renderSteps(family, params, lang);
              if (prompt.length < 20 || BAD_TEXT.test(prompt)) problems.push(`${where}: prompt(${lang}) ${prompt.slice(0, 80)}`);
              if (steps.length < 20 || BAD_TEXT.test(steps)) problems.push(`${where}: steps(${lang}) ${steps.slice(0, 200)}`);
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
  });
});

describe('sweep coverage', () => {
  it('quadratic-minimum generates both cases, with and without a minimum, at every level', () => {
    const family = families.find((f) => f.id === 'quadratic-minimum') as ProblemFamily;
    for (const level of LEVELS) {
      const exists = new Set<boolean>();
      for (let seed = 0; seed < 60; seed++) exists.add(generateInstance(family, seed, level).answer.exists === true);
      expect([...exists].sort()).toEqual([false, true]);
    }
  });
});
