/**
 * The engine batch interface of DESIGN.md, as a pure function from one input line to one output
 * line (the CLI in scripts/engine.ts only moves lines). Ops:
 *   {"op":"list"}                                   → {"families":[{"id","version","article",…}]}
 *   {"op":"generate","family","seed"[,"level"][,"lang"]} → {"family","version","seed","params","prompt","answer",…}
 *   {"op":"solve","family","params"}               → the family's answer object
 *   {"op":"check","family","params","answer"[,"lang"]}  → {"correct",…}
 *   {"op":"equiv","a","b"}                          → {"equivalent",…}
 * Extensions (extra ops; the five above keep their shapes): "steps", "preview", "verify", "answer".
 * Anything wrong with a line — not JSON, blank, too long, unknown op or family, bad params —
 * gives {"error": "..."}; nothing a client sends can throw out of here.
 */
import { EngineError } from './errors';
import { asLang } from './i18n';
import { canonicalSeed } from './rng';
import { LEVELS, type FamilyRegistry, type Level } from './family';
import {
  answerTexts,
  checkAnswer,
  compareExpressions,
  generateInstance,
  previewAnswer,
  renderSteps,
  solveParams,
  verifyInstance,
} from './api';
import type { AnswerKind } from './answers';

/** Longest accepted input line, in characters. */
export const MAX_LINE_LENGTH = 1_000_000;

export type BatchHandler = (line: string) => Promise<string>;

type Json = Record<string, unknown>;

class BatchError extends Error {}

const field = (o: Json, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined);

function text(o: Json, key: string): string {
  const v = field(o, key);
  if (typeof v !== 'string') throw new BatchError(`"${key}" must be a string`);
  return v;
}

/**
 * A line handler over a family registry.
 *
 * @example
 * const handle = createBatchHandler(registry);
 * await handle('{"op":"equiv","a":"(x-1)^2","b":"x^2-2*x+1"}')  // '{"equivalent":true,"method":"exact"}'
 */
export function createBatchHandler(registry: FamilyRegistry): BatchHandler {
  const family = (o: Json) => {
    const id = text(o, 'family');
    const f = registry.byId(id);
    if (!f) throw new BatchError(`unknown family ${JSON.stringify(id.slice(0, 80))}`);
    return f;
  };

  const run = async (o: Json): Promise<unknown> => {
    const op = field(o, 'op');
    const lang = asLang(field(o, 'lang'));
    switch (op) {
      case 'list':
        return {
          families: registry.families.map((f) => ({ id: f.id, version: f.version, article: f.article, title: f.title, levels: f.levels })),
        };
      case 'generate': {
        const f = family(o);
        const seed = field(o, 'seed');
        if (typeof seed !== 'number' && typeof seed !== 'string') throw new BatchError('"seed" must be an integer');
        canonicalSeed(seed);
        const rawLevel = field(o, 'level');
        if (rawLevel !== undefined && !(LEVELS as readonly unknown[]).includes(rawLevel)) {
          throw new BatchError(`"level" must be one of ${LEVELS.join(', ')}`);
        }
        const level: Level = (rawLevel as Level | undefined) ?? (f.levels.includes('medium') ? 'medium' : (f.levels[0] as Level));
        const instance = generateInstance(f, seed, level);
        return {
          family: f.id,
          version: f.version,
          seed,
          params: instance.params,
          prompt: instance.prompt(lang),
          answer: instance.answer,
          level,
        };
      }
      case 'solve':
        return solveParams(family(o), field(o, 'params'));
      case 'check': {
        const r = checkAnswer(family(o), field(o, 'params'), field(o, 'answer'), { lang });
        if (r.kind === 'invalid') {
          return { correct: false, reason: r.reason, message: r.message, ...(r.part ? { part: r.part } : {}) };
        }
        return { correct: r.correct, note: r.note, message: r.message, parts: r.parts };
      }
      case 'equiv': {
        const r = compareExpressions(field(o, 'a'), field(o, 'b'));
        if (r.kind === 'invalid') return { equivalent: false, reason: r.reason, message: `${r.side}: ${r.message}` };
        if (r.kind === 'undecided') return { equivalent: false, reason: r.reason, message: r.message };
        return { equivalent: r.equivalent, method: r.method };
      }
      case 'steps':
        return { steps: renderSteps(family(o), field(o, 'params'), lang) };
      case 'answer':
        return { answer: answerTexts(family(o), field(o, 'params')) };
      case 'verify':
        return await verifyInstance(family(o), field(o, 'params'));
      case 'preview': {
        const kind = field(o, 'kind') ?? 'expression';
        if (!['number', 'vector', 'matrix', 'expression', 'choice'].includes(kind as string)) throw new BatchError('"kind" must be an answer kind');
        return previewAnswer(field(o, 'text'), kind as AnswerKind, { lang });
      }
      default:
        throw new BatchError(typeof op === 'string' ? `unknown op ${JSON.stringify(op.slice(0, 40))}` : '"op" must be a string');
    }
  };

  return async (line: string): Promise<string> => {
    try {
      if (line.length > MAX_LINE_LENGTH) return error(`line too long (more than ${MAX_LINE_LENGTH} characters)`);
      if (line.trim() === '') return error('empty line');
      let input: unknown;
      try {
        input = JSON.parse(line);
      } catch {
        return error('invalid JSON');
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return error('expected a JSON object');
      const out = JSON.stringify(await run(input as Json));
      return out.length > 50_000_000 ? error('result too large') : out;
    } catch (e) {
      if (e instanceof BatchError || e instanceof EngineError) return error(e.message);
      if (e instanceof RangeError) return error(`input too large or too deep: ${e.message.slice(0, 100)}`);
      return error(`internal error: ${e instanceof Error ? e.message.slice(0, 200) : 'unknown'}`);
    }
  };
}

function error(message: string): string {
  return JSON.stringify({ error: message });
}
