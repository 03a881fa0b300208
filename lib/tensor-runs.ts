/**
 * Practice pages with tensor runs: the instance a page shows, the server's rerun of what a browser
 * reports (TensorFlow.js, cpu backend, same seed and program), and answer checks for practice
 * instances (nothing is recorded).
 */
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import {
  generateInstance,
  InvalidParamsError,
  InvalidSeedError,
  solveParams,
  tensorRuns,
  type JsonObject,
  type Lang,
  type Level,
  type ProblemFamily,
} from '@/engine';
import { familyById } from '@/problems';
import { linearAttentionProgram } from '@/problems/families/linear-attention-run';
import { moeProgram } from '@/problems/families/moe-routing';
import { qkVarianceProgram } from '@/problems/families/qk-variance';
import { walkProgram } from '@/problems/families/walk-monte-carlo';
import { checkInWorker, checkResponse, tensorRunInWorker } from './answer-checks';
import { HttpError } from './http';
import { checkTarget, familyFor, refreshAuthoredFamilies } from './question-families';
import { rateLimiter } from './rate-limit';
import { renderRich } from './rich-text';
import type { CheckResponse } from './study-types';

/** The families whose practice pages run tensors, with the program each instance runs. */
const programs: Readonly<Record<string, (params: unknown) => tensorRuns.TensorProgram>> = {
  'linear-attention-run': linearAttentionProgram,
  'qk-variance': qkVarianceProgram,
  'walk-monte-carlo': walkProgram,
  'moe-routing': moeProgram,
};

export const tensorFamilyIds: readonly string[] = Object.keys(programs);

/** Largest programCost a server rerun may have (the families' own caps stay below it). */
export const maxServerCost = 2 ** 26;
export const maxSeed = 2 ** 31 - 1;

export interface PracticePart {
  readonly name: string;
  readonly kind: string;
  readonly label: string;
}

/** What a practice page shows and its client runs. */
export interface PracticeInstance {
  readonly family: string;
  readonly title: string;
  readonly article: string;
  readonly level: Level;
  readonly levels: readonly Level[];
  readonly seed: number;
  readonly params: JsonObject;
  readonly program: tensorRuns.TensorProgram;
  readonly promptHtml: string;
  readonly parts: readonly PracticePart[];
}

/** The reported run, as the page puts it in `tensor-result` and posts it to /api/v1/tensor-runs. */
export interface RunReport {
  readonly family: string;
  readonly seed: number;
  readonly level: Level;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly backend: string;
  readonly ms: number;
  readonly measured: object;
}

export interface RecheckResponse {
  readonly ok: true;
  readonly family: string;
  readonly seed: number;
  readonly backend: string;
  readonly ms: number;
  readonly server: { readonly backend: 'cpu'; readonly ms: number };
}

export function tensorFamily(id: string): ProblemFamily | undefined {
  return Object.hasOwn(programs, id) ? familyById(id) : undefined;
}

/** A fresh seed for a page visit. */
export function freshSeed(): number {
  return randomInt(0, maxSeed);
}

/** Engine errors a client caused become 400s. */
function clientInput<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof InvalidParamsError || error instanceof InvalidSeedError) throw new HttpError(400, error.message);
    throw error;
  }
}

function resolve(familyId: string, seed: number, level: Level, params: unknown): { family: ProblemFamily; params: JsonObject; program: tensorRuns.TensorProgram } {
  const family = tensorFamily(familyId);
  const toProgram = programs[familyId];
  if (!family || !toProgram) throw new HttpError(400, `no tensor exercise ${JSON.stringify(familyId.slice(0, 60))}`);
  return clientInput(() => {
    const chosen = (params ?? generateInstance(family, seed, level).params) as JsonObject;
    solveParams(family, chosen);
    const program = toProgram(chosen);
    if (tensorRuns.programCost(program) > maxServerCost) throw new InvalidParamsError('this run is too large for the server to repeat');
    return { family, params: chosen, program };
  });
}

/** The instance of a practice page (the family must be a tensor family, else undefined). */
export function practiceInstance(familyId: string, seed: number, level: Level, lang: Lang): PracticeInstance | undefined {
  const family = tensorFamily(familyId);
  if (!family || !family.levels.includes(level)) return undefined;
  const instance = generateInstance(family, seed, level);
  return {
    family: family.id,
    title: family.title[lang],
    article: family.article,
    level,
    levels: family.levels,
    seed,
    params: instance.params,
    program: resolve(family.id, seed, level, instance.params).program,
    promptHtml: renderRich(instance.prompt(lang)),
    parts: instance.answerSpec.parts.map((part) => ({ name: part.name, kind: part.kind, label: part.label[lang] })),
  };
}

const finite = z.number().finite();
const count = z.number().int().min(0).max(2 ** 40);
const figureSchemas: Readonly<Record<tensorRuns.ProgramKind, z.ZodType<Record<string, unknown>>>> = {
  'linear-attention': z.object({
    n: count,
    d: count,
    dv: count,
    flopsQuadratic: count,
    flopsLinear: count,
    maxAbsDiff: finite.min(0),
    maxAbs: finite.min(0),
    meanAbs: finite.min(0),
    corner: z.array(finite).max(4),
    timings: z.array(z.object({ n: count, quadraticMs: finite.min(0), linearMs: finite.min(0) })).max(8),
  }),
  'qk-variance': z.object({
    d: count,
    samples: count,
    queries: count,
    keys: count,
    varRaw: finite.min(0),
    varScaled: finite.min(0),
    maxWeightRaw: finite.min(0).max(1),
    maxWeightScaled: finite.min(0).max(1),
    saturatedRaw: finite.min(0).max(1),
    saturatedScaled: finite.min(0).max(1),
  }),
  walk: z.object({ n: count, walks: count, counts: z.array(count).max(201), mean: finite, variance: finite.min(0) }),
  moe: z.object({
    tokens: count,
    experts: count,
    k: count,
    capacity: count,
    loads: z.array(count).max(256),
    dropped: count,
    gateShare: z.array(finite.min(0).max(1)).max(256),
  }),
};

// NOTE: a rerun costs the server up to a few hundred ms of CPU; a learner clicks Run a few times a minute.
const rerunsPerUser = rateLimiter('tensor-reruns', 60, 60_000);

// NOTE: the server's own figures are never shown: a client that could read them would not need to run anything.
function describeMismatch(m: tensorRuns.FigureMismatch): string {
  const show = (x: number | string) => (typeof x === 'number' ? Number(x.toPrecision(6)).toString() : x);
  return `${m.figure}: reported ${show(m.reported)} differs from the server's rerun (must match ${m.rule})`;
}

/**
 * POST /tensor-runs: reruns the reported program on the server (cpu backend, same seed) and
 * compares the figures under engine/tensor-runs.ts's tolerance policy; a mismatch is a 400 naming
 * the figures that differ (with the reported values, never the server's). The rerun runs in the check
 * pool (lib/answer-checks.ts) with a deadline.
 */
export async function recheckRun(userId: string, report: RunReport, nowMs: number): Promise<RecheckResponse> {
  const wait = await rerunsPerUser.blocked(userId, nowMs);
  if (wait > 0) throw new HttpError(429, `too many tensor runs; try again in ${wait} s`, { 'Retry-After': String(wait) });
  await rerunsPerUser.hit(userId, nowMs);
  const { family, program } = resolve(report.family, report.seed, report.level, report.params);
  const parsed = figureSchemas[program.kind].safeParse(report.measured);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpError(400, `measured figures: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`);
  }
  const reported = { ...parsed.data, kind: program.kind } as tensorRuns.TensorFigures;
  if (reported.kind === 'linear-attention' && program.kind === 'linear-attention' && reported.timings.length > 0) {
    const ladder = tensorRuns.timingLadder(program.n);
    if (reported.timings.map((t) => t.n).join() !== ladder.join()) throw new HttpError(400, `timings must be for n = ${ladder.join(', ')}`);
  }
  const { figures: server, ms: serverMs } = await tensorRunInWorker(program, report.seed);
  const mismatches = tensorRuns.compareFigures(server, reported);
  if (mismatches.length > 0) {
    const shown = mismatches.slice(0, 3).map(describeMismatch).join('; ');
    throw new HttpError(400, `the reported run does not match the server's rerun of seed ${report.seed}: ${shown}${mismatches.length > 3 ? ` (and ${mismatches.length - 3} more)` : ''}`);
  }
  return { ok: true, family: family.id, seed: report.seed, backend: report.backend, ms: report.ms, server: { backend: 'cpu', ms: serverMs } };
}

export interface PracticeAnswer {
  readonly family: string;
  readonly seed: number;
  readonly level: Level;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly answer: unknown;
  readonly reveal?: boolean;
}

/** POST /practice/check: checks an answer to a practice instance in the check pool; nothing is recorded. */
export async function checkPractice(input: PracticeAnswer, lang: Lang): Promise<CheckResponse> {
  await refreshAuthoredFamilies();
  const family = familyFor(input.family);
  if (!family) throw new HttpError(400, `no exercise family ${JSON.stringify(input.family.slice(0, 60))}`);
  // NOTE: client params reach the family's parseParams (whose caps bound solve, verify and steps) in the
  // worker; InvalidParamsError comes back as a 400.
  const params = clientInput(() => (input.params ?? generateInstance(family, input.seed, input.level).params) as JsonObject);
  const reveal = input.reveal ?? false;
  const target = checkTarget({ familyId: family.id, version: family.version, params });
  return checkResponse(await checkInWorker(target, input.answer, lang, reveal ? 'always' : 'if-correct'), target, lang, reveal);
}

export interface PracticeListItem {
  readonly id: string;
  readonly title: string;
  readonly article: string;
  readonly levels: readonly Level[];
}

/** The tensor exercises, for the practice index. */
export function listPractice(lang: Lang): PracticeListItem[] {
  return tensorFamilyIds.flatMap((id) => {
    const family = familyById(id);
    return family ? [{ id, title: family.title[lang], article: family.article, levels: family.levels }] : [];
  });
}

/** A seed from a query string, or undefined when absent or not a whole number in range. */
export function seedFromQuery(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string' || !/^\d{1,10}$/.test(value)) return undefined;
  const seed = Number(value);
  return seed <= maxSeed ? seed : undefined;
}
