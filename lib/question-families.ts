/**
 * Exercise families authored as question files (docs/QUESTIONS.md), stored in the database with
 * every published version, compiled once per id@version and looked up next to the built-in families.
 * Study, practice and the article pages find any family through `familyFor`.
 *
 * Checking or publishing a file (compile, question tests over PUBLISH_SEEDS seeds of every level,
 * previews) runs in a check worker (lib/question-work.ts) with a deadline, one file at a time per
 * process: an author's file never holds up other requests. The main thread only compiles files that
 * were published, i.e. that passed those checks within the deadline.
 */
import { createHash } from 'node:crypto';
import type { Prisma, User } from '@prisma/client';
import { LEVELS, type JsonObject, type Level, type ProblemFamily } from '@/engine';
import * as questions from '@/engine/questions';
import { familyById } from '@/problems';
import type { Lang } from './accounts';
import { busy, fromWorker, type CheckTarget } from './answer-checks';
import { checkPool } from './check-pool';
import type { CheckTask } from './check-protocol';
import { db } from './db';
import { HttpError } from './http';
import { questionText, type ProblemCode } from './i18n-questions';
import { Lane } from './lane';
import type { AuthorText, QuestionFileReport, RawPreview } from './question-work';
import { renderRich } from './rich-text';

type Compiled = questions.CompiledQuestion;

/** Seeds per level that a file's question tests must pass before it is published. */
export const PUBLISH_SEEDS = 20;
/**
 * How long checking one question file may take in its worker. The slowest file in the repository
 * (directional-derivative-q, symbolic calculus) takes 0.4–2.2 s on a loaded 2-core machine.
 */
export const questionFileDeadlineMs = 10_000;
/** How long one instance preview may take (generation, verification, worked solution). */
export const familyPreviewDeadlineMs = 5_000;

// NOTE: one question file at a time per process, so authors can take at most one of the check workers
// that answer checks need; a few may wait their turn. On globalThis: one lane per process (see check-pool.ts).
const laneKey = Symbol.for('ml-study.question-lane');
function questionLane(): Lane {
  const holder = globalThis as typeof globalThis & { [laneKey]?: Lane };
  holder[laneKey] ??= new Lane({ concurrency: 1, maxWaiting: 8, maxWaitMs: 2 * questionFileDeadlineMs });
  return holder[laneKey];
}

/** A problem as the author sees it: where (path, line) and what (a code, and the text in their language). */
export interface ShownProblem {
  readonly path: string;
  readonly line?: number;
  readonly code: ProblemCode;
  readonly message: string;
}

export interface ShownTest {
  readonly path: string;
  readonly line?: number;
  readonly answer: string;
  readonly correct: boolean;
  readonly note?: string;
  readonly level?: Level;
  readonly passed: number;
  readonly failed: number;
  readonly firstFailure?: { readonly seed: number; readonly level: Level; readonly message: string };
}

/** A file that cannot be accepted: `status` (400, or 422 when checking it took too long) with every problem. */
export class QuestionFileRejected extends Error {
  constructor(
    message: string,
    readonly problems: readonly ShownProblem[],
    readonly tests: readonly ShownTest[] = [],
    readonly status: 400 | 422 = 400,
  ) {
    super(message);
    this.name = 'QuestionFileRejected';
  }
}

const shownProblem = (p: { readonly path: string; readonly line?: number; readonly code: ProblemCode; readonly args?: questions.MessageArgs }, lang: Lang): ShownProblem => ({
  path: p.path,
  ...(p.line !== undefined ? { line: p.line } : {}),
  code: p.code,
  message: questionText(p, lang),
});

function shownTest(t: questions.TestSummary, lang: Lang): ShownTest {
  const { firstFailure, ...rest } = t;
  return { ...rest, ...(firstFailure ? { firstFailure: { seed: firstFailure.seed, level: firstFailure.level, message: questionText(firstFailure, lang) } } : {}) };
}

const authorText = (text: AuthorText, lang: Lang): string => (typeof text === 'string' ? text : questionText(text, lang));

// NOTE: compiled families are immutable and keyed by id@version, so sharing them between requests is safe.
const compiledCache = new Map<string, Compiled>();
const sources = new Map<string, string>();
const latestVersion = new Map<string, number>();
let knownRows = '';

function compileStored(id: string, version: number, yaml: string): Compiled | undefined {
  const key = `${id}@${version}`;
  const hit = compiledCache.get(key);
  if (hit) return hit;
  const r = questions.compileQuestionFile(yaml);
  if (!r.ok) {
    console.error(`stored question family ${key} no longer compiles: ${r.problems[0]?.message ?? ''}`);
    return undefined;
  }
  if (r.version !== version) {
    console.error(`stored question family ${key} compiles to version ${r.version}`);
    return undefined;
  }
  compiledCache.set(key, r);
  sources.set(key, yaml);
  return r;
}

/** Loads published families the process has not compiled yet (cheap when nothing changed). */
export async function refreshAuthoredFamilies(): Promise<void> {
  const rows = await db.questionFamily.findMany({ select: { id: true, version: true }, orderBy: [{ id: 'asc' }, { version: 'asc' }] });
  const signature = rows.map((r) => `${r.id}@${r.version}`).join(',');
  if (signature === knownRows) return;
  const missing = rows.filter((r) => !compiledCache.has(`${r.id}@${r.version}`));
  if (missing.length > 0) {
    const full = await db.questionFamily.findMany({ where: { OR: missing.map((m) => ({ id: m.id, version: m.version })) } });
    for (const row of full) compileStored(row.id, row.version, row.yaml);
  }
  latestVersion.clear();
  for (const r of rows) latestVersion.set(r.id, Math.max(latestVersion.get(r.id) ?? 0, r.version));
  knownRows = signature;
}

/**
 * A family by id: built-in, or authored (at `version`, default the latest published). Call
 * `refreshAuthoredFamilies()` once per request before looking up authored families.
 */
export function familyFor(id: string, version?: number | null): ProblemFamily | undefined {
  const builtin = familyById(id);
  if (builtin) return builtin;
  const v = version ?? latestVersion.get(id);
  return v === undefined ? undefined : compiledCache.get(`${id}@${v}`)?.family;
}

/** Latest published authored families of an article. */
export async function authoredFamiliesOf(articleSlug: string): Promise<ProblemFamily[]> {
  await refreshAuthoredFamilies();
  const rows = await db.questionFamily.findMany({ where: { articleSlug }, select: { id: true }, distinct: ['id'], orderBy: { id: 'asc' } });
  return rows.map((r) => familyFor(r.id)).filter((f): f is ProblemFamily => !!f);
}

export interface AuthoredVersion {
  readonly version: number;
  readonly article: string;
  readonly author: string;
  readonly createdAt: string;
}

export interface AuthoredSummary {
  readonly id: string;
  readonly version: number;
  readonly article: string;
  readonly title: string;
  readonly versions: number;
  readonly updatedAt: string;
  /** Every published version, newest first. */
  readonly history: readonly AuthoredVersion[];
}

/** Every authored family, latest version first, with its published versions. */
export async function listAuthoredFamilies(lang: Lang): Promise<AuthoredSummary[]> {
  await refreshAuthoredFamilies();
  const rows = await db.questionFamily.findMany({
    select: { id: true, version: true, articleSlug: true, createdAt: true, author: { select: { username: true } } },
    orderBy: [{ createdAt: 'desc' }, { version: 'desc' }],
  });
  const out = new Map<string, AuthoredSummary>();
  for (const r of rows) {
    const entry: AuthoredVersion = { version: r.version, article: r.articleSlug, author: r.author.username, createdAt: r.createdAt.toISOString() };
    const prior = out.get(r.id);
    if (prior) {
      out.set(r.id, { ...prior, versions: prior.versions + 1, history: [...prior.history, entry] });
      continue;
    }
    const family = familyFor(r.id, r.version);
    out.set(r.id, { id: r.id, version: r.version, article: r.articleSlug, title: family ? family.title[lang] : r.id, versions: 1, updatedAt: entry.createdAt, history: [entry] });
  }
  return [...out.values()];
}

/** The YAML of a published family (latest, or a given version), for export. */
export async function exportQuestionFile(id: string, version?: number): Promise<{ yaml: string; version: number }> {
  const row = await db.questionFamily.findFirst({ where: { id, ...(version !== undefined ? { version } : {}) }, orderBy: { version: 'desc' } });
  if (!row) throw new HttpError(404, 'no such question family');
  return { yaml: row.yaml, version: row.version };
}

/** Reads a raw text body of at most 64 KB (a question file). */
export async function readQuestionBody(request: Request): Promise<string> {
  const limit = questions.FILE_LIMITS.bytes;
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw new HttpError(413, `a question file is at most ${limit} bytes`);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new HttpError(413, `a question file is at most ${limit} bytes`);
    }
    chunks.push(value);
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
  if (text.trim() === '') throw new HttpError(400, 'send the question file (YAML) as the request body');
  return text;
}

/** Runs a question file's checks in a worker: the report, or 'timeout' when they overran the deadline. */
async function runQuestionFile(yaml: string, preview?: { seed: number; lang: Lang }): Promise<QuestionFileReport | 'timeout'> {
  const task: CheckTask = { op: 'question-file', yaml, seeds: PUBLISH_SEEDS, ...(preview ? { preview } : {}) };
  const laned = await questionLane().run(() => checkPool().run(task, questionFileDeadlineMs));
  if (laned.kind === 'busy') throw busy();
  const outcome = laned.value;
  if (outcome.kind === 'busy') throw busy();
  if (outcome.kind === 'timeout') return 'timeout';
  if (outcome.kind === 'failed') throw fromWorker(outcome.error);
  if (outcome.value.op !== 'question-file') throw new Error('check worker answered another task');
  return outcome.value.report;
}

function tooSlow(lang: Lang, status: 400 | 422): QuestionFileRejected {
  const problem = shownProblem({ path: '', code: 'too-slow', args: { seconds: questionFileDeadlineMs / 1000 } }, lang);
  return new QuestionFileRejected(problem.message, [problem], [], status);
}

export interface InstancePreview {
  readonly level: Level;
  readonly seed: number;
  readonly params: unknown;
  readonly promptHtml: string;
  readonly answer: 'none' | Readonly<Record<string, string>>;
  readonly stepsHtml: string;
  readonly verification: { readonly ok: boolean; readonly method: string; readonly detail?: string };
}

function renderPreview(p: RawPreview, lang: Lang): InstancePreview {
  const v = p.verification;
  return {
    level: p.level,
    seed: p.seed,
    params: p.params,
    promptHtml: renderRich(p.prompt),
    answer: p.answer,
    stepsHtml: renderRich(p.steps),
    verification: { ok: v.ok, method: authorText(v.method, lang), ...(v.detail !== undefined ? { detail: authorText(v.detail, lang) } : {}) },
  };
}

/** One instance of a published or built-in family, rendered for the authoring preview (in a worker). */
export async function previewFamily(id: string, version: number | undefined, seed: number, level: Level, lang: Lang): Promise<{ id: string; version: number } & InstancePreview> {
  await refreshAuthoredFamilies();
  const family = familyFor(id, version);
  if (!family) throw new HttpError(404, 'no such family');
  const target = checkTarget({ familyId: family.id, version: family.version, params: {} });
  const task: CheckTask = { op: 'family-preview', family: family.id, ...(target.question ? { question: target.question } : {}), seed, level, lang };
  const outcome = await checkPool().run(task, familyPreviewDeadlineMs);
  if (outcome.kind === 'busy') throw busy();
  if (outcome.kind === 'timeout') throw new HttpError(422, questionText({ code: 'too-slow', args: { seconds: familyPreviewDeadlineMs / 1000 } }, lang));
  if (outcome.kind === 'failed') throw fromWorker(outcome.error);
  if (outcome.value.op !== 'family-preview') throw new Error('check worker answered another task');
  const r = outcome.value.result;
  if (!r.ok) throw new HttpError(400, questionText({ code: 'preview-failed', args: { seed, level, detail: r.detail } }, lang));
  return { id: family.id, version: family.version, ...renderPreview(r.preview, lang) };
}

export interface DraftReport {
  readonly ok: boolean;
  readonly id?: string;
  readonly version?: number;
  readonly levels?: readonly Level[];
  readonly problems: readonly ShownProblem[];
  readonly tests: readonly ShownTest[];
  readonly instances: number;
  readonly previews: readonly InstancePreview[];
}

/**
 * Checks a draft (compile + question tests) and previews one instance per level: what the authoring
 * page shows, in the author's language. Throws QuestionFileRejected (422) when checking overran the deadline.
 */
export async function checkDraft(yaml: string, lang: Lang, seed: number): Promise<DraftReport> {
  const report = await runQuestionFile(yaml, { seed, lang });
  if (report === 'timeout') throw tooSlow(lang, 422);
  const problems = [...report.problems.map((p) => shownProblem(p, lang)), ...(await appProblems(report, lang))];
  for (const f of report.previewFailures) problems.push(shownProblem({ path: '', code: 'preview-failed', args: { seed: f.seed, level: f.level, detail: f.detail } }, lang));
  const { compiled } = report;
  return {
    ok: problems.length === 0,
    ...(compiled ? { id: compiled.id, version: compiled.version, levels: compiled.levels } : {}),
    problems,
    tests: report.tests.map((t) => shownTest(t, lang)),
    instances: report.instances,
    previews: report.previews.map((p) => renderPreview(p, lang)),
  };
}

/** What only the app can check: the id is not a built-in family's, the article exists. */
async function appProblems(report: QuestionFileReport, lang: Lang): Promise<ShownProblem[]> {
  const { compiled } = report;
  if (!compiled) return [];
  const out: ShownProblem[] = [];
  if (familyById(compiled.id)) out.push(shownProblem({ path: 'id', line: compiled.lines.id, code: 'builtin-id', args: { id: compiled.id } }, lang));
  const article = await db.article.findUnique({ where: { slug: compiled.article }, select: { slug: true } });
  if (!article) out.push(shownProblem({ path: 'article', line: compiled.lines.article, code: 'no-article', args: { article: compiled.article } }, lang));
  return out;
}

const cardId = (article: string, familyId: string, level: string) => `${article}/question/${familyId}/${level}`;

/**
 * Publishes a question file: compiled, tested over PUBLISH_SEEDS seeds of every level (in a worker,
 * within the deadline), stored as a new version (or the same version when only texts changed), with one
 * problem card per level. Throws QuestionFileRejected listing every problem, in the author's language.
 */
export async function publishQuestionFile(user: User, yaml: string, lang: Lang): Promise<{ id: string; version: number; created: boolean }> {
  const report = await runQuestionFile(yaml);
  if (report === 'timeout') throw tooSlow(lang, 400);
  const problems = [...report.problems.map((p) => shownProblem(p, lang)), ...(await appProblems(report, lang))];
  const { compiled } = report;
  if (problems.length > 0 || !compiled) {
    throw new QuestionFileRejected(questionText({ code: 'file-has-problems' }, lang), problems, report.tests.map((t) => shownTest(t, lang)));
  }
  const { id, version, generationKey, article } = compiled;
  const existing = await db.questionFamily.findUnique({ where: { id_version: { id, version } } });
  if (existing && existing.generationKey !== generationKey) {
    const problem = shownProblem({ path: 'version', line: compiled.lines.version, code: 'version-clash', args: { id, version } }, lang);
    throw new QuestionFileRejected(problem.message, [problem]);
  }
  const now = new Date();
  const created = !existing;
  await db.$transaction(async (tx) => {
    if (existing) await tx.questionFamily.update({ where: { id_version: { id, version } }, data: { yaml, articleSlug: article } });
    else await tx.questionFamily.create({ data: { id, version, yaml, generationKey, articleSlug: article, authorId: user.id, createdAt: now } });
    await syncCards(tx, compiled, version, now);
  });
  compiledCache.delete(`${id}@${version}`);
  knownRows = '';
  await refreshAuthoredFamilies();
  return { id, version, created };
}

/** One problem card per level, pointing at the newest version; cards of dropped levels are retired (history kept). */
async function syncCards(tx: Prisma.TransactionClient, family: { readonly id: string; readonly article: string; readonly levels: readonly Level[] }, version: number, now: Date): Promise<void> {
  const last = await tx.card.aggregate({ where: { articleSlug: family.article }, _max: { position: true } });
  let position = (last._max.position ?? 0) + 1;
  const wanted = new Set<string>();
  for (const level of LEVELS.filter((l) => family.levels.includes(l))) {
    const id = cardId(family.article, family.id, level);
    wanted.add(id);
    const content = { kind: 'problem' as const, familyId: family.id, level };
    const contentHash = createHash('sha256').update(JSON.stringify([content, version])).digest('hex').slice(0, 16);
    const before = await tx.card.findUnique({ where: { id }, select: { position: true } });
    const data = {
      articleSlug: family.article,
      kind: 'problem' as const,
      noteId: `family:${family.id}`,
      content,
      familyId: family.id,
      familyVersion: version,
      level,
      contentHash,
      retiredAt: null,
    };
    if (before) await tx.card.update({ where: { id }, data });
    else await tx.card.create({ data: { id, position: position++, ...data, createdAt: now } });
  }
  await tx.card.updateMany({ where: { familyId: family.id, id: { notIn: [...wanted] }, retiredAt: null }, data: { retiredAt: now } });
}

/**
 * What the check pool needs to check an answer to an instance: built-in families are in the worker's
 * bundle; an authored family travels as its question file, which the worker compiles once per id@version.
 */
export function checkTarget(instance: { readonly familyId: string; readonly version: number; readonly params: JsonObject }): CheckTarget {
  const yaml = familyById(instance.familyId) ? undefined : sources.get(`${instance.familyId}@${instance.version}`);
  return { family: instance.familyId, params: instance.params, ...(yaml !== undefined ? { question: { version: instance.version, yaml } } : {}) };
}
