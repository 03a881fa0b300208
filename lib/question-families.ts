/**
 * Exercise families authored as question files (docs/QUESTIONS.md), stored in the database with
 * every published version, compiled once per id@version and looked up next to the built-in families.
 * Study, practice and the article pages find any family through `familyFor`.
 */
import { createHash } from 'node:crypto';
import type { Prisma, User } from '@prisma/client';
import { generateInstance, answerTexts, renderSteps, verifyInstance, LEVELS, type JsonObject, type Level, type ProblemFamily } from '@/engine';
import type { CheckTarget } from './answer-checks';
import * as questions from '@/engine/questions';
import { familyById } from '@/problems';
import type { Lang } from './accounts';
import { db } from './db';
import { HttpError } from './http';
import { renderRich } from './rich-text';

type Compiled = questions.CompiledQuestion;
export type QuestionProblem = questions.QuestionProblem;

/** Seeds per level that a file's question tests must pass before it is published. */
export const PUBLISH_SEEDS = 20;

/** A file that cannot be accepted: 400 with every problem (path, line, message). */
export class QuestionFileRejected extends Error {
  constructor(
    message: string,
    readonly problems: readonly QuestionProblem[],
    readonly report?: questions.TestReport,
  ) {
    super(message);
    this.name = 'QuestionFileRejected';
  }
}

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

export interface AuthoredSummary {
  readonly id: string;
  readonly version: number;
  readonly article: string;
  readonly title: string;
  readonly versions: number;
  readonly updatedAt: string;
}

/** Every authored family, latest version first. */
export async function listAuthoredFamilies(lang: Lang): Promise<AuthoredSummary[]> {
  await refreshAuthoredFamilies();
  const rows = await db.questionFamily.findMany({ select: { id: true, version: true, articleSlug: true, createdAt: true }, orderBy: { createdAt: 'desc' } });
  const out = new Map<string, AuthoredSummary>();
  for (const r of rows) {
    const prior = out.get(r.id);
    if (prior) {
      out.set(r.id, { ...prior, versions: prior.versions + 1 });
      continue;
    }
    const family = familyFor(r.id, r.version);
    out.set(r.id, { id: r.id, version: r.version, article: r.articleSlug, title: family ? family.title[lang] : r.id, versions: 1, updatedAt: r.createdAt.toISOString() });
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

export interface InstancePreview {
  readonly level: Level;
  readonly seed: number;
  readonly params: unknown;
  readonly promptHtml: string;
  readonly answer: 'none' | Readonly<Record<string, string>>;
  readonly stepsHtml: string;
  readonly verification: { readonly ok: boolean; readonly method: string; readonly detail?: string };
}

/** One instance of a family, rendered for the authoring preview. */
export async function previewInstance(family: ProblemFamily, seed: number, level: Level, lang: Lang): Promise<InstancePreview> {
  if (!family.levels.includes(level)) throw new HttpError(400, `${family.id} has no level ${level} (levels: ${family.levels.join(', ')})`);
  let instance;
  try {
    instance = generateInstance(family, seed, level);
  } catch (error) {
    if (error instanceof Error && 'code' in error) throw new HttpError(400, `seed ${seed}, level ${level}: ${error.message}`);
    throw error;
  }
  const verification = await verifyInstance(family, instance.params);
  return {
    level,
    seed,
    params: instance.params,
    promptHtml: renderRich(instance.prompt(lang)),
    answer: answerTexts(family, instance.params),
    stepsHtml: renderRich(renderSteps(family, instance.params, lang)),
    verification: verification.ok ? { ok: true, method: verification.method } : { ok: false, method: verification.method, detail: verification.detail },
  };
}

export interface DraftReport {
  readonly ok: boolean;
  readonly id?: string;
  readonly version?: number;
  readonly levels?: readonly Level[];
  readonly problems: readonly QuestionProblem[];
  readonly tests: readonly questions.TestSummary[];
  readonly instances: number;
  readonly previews: readonly InstancePreview[];
}

/** Checks a draft (compile + question tests) and previews instances: what the authoring page shows. */
export async function checkDraft(yaml: string, lang: Lang, seed: number): Promise<DraftReport> {
  const r = questions.acceptQuestionFile(yaml, { seeds: PUBLISH_SEEDS });
  const compiled = r.ok ? r : r.compiled;
  const problems = [...(r.ok ? [] : r.problems)];
  if (compiled) problems.push(...(await articleProblems(compiled)));
  const previews: InstancePreview[] = [];
  if (compiled) {
    for (const level of compiled.family.levels) {
      try {
        previews.push(await previewInstance(compiled.family, seed, level, lang));
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        problems.push({ path: '', message: error.message });
      }
    }
  }
  return {
    ok: problems.length === 0,
    ...(compiled ? { id: compiled.family.id, version: compiled.version, levels: compiled.family.levels } : {}),
    problems,
    tests: r.ok ? r.report.tests : (r.report?.tests ?? []),
    instances: r.ok ? r.report.instances : (r.report?.instances ?? 0),
    previews,
  };
}

async function articleProblems(compiled: Compiled): Promise<QuestionProblem[]> {
  const out: QuestionProblem[] = [];
  const line = (path: string) => compiled.spec.lineOf(path);
  const at = (path: string, message: string): QuestionProblem => {
    const l = line(path);
    return l === undefined ? { path, message } : { path, line: l, message };
  };
  if (familyById(compiled.family.id)) out.push(at('id', `${compiled.family.id} is the id of a built-in family; choose another`));
  const article = await db.article.findUnique({ where: { slug: compiled.family.article }, select: { slug: true } });
  if (!article) out.push(at('article', `no article ${compiled.family.article}`));
  return out;
}

const cardId = (article: string, familyId: string, level: string) => `${article}/question/${familyId}/${level}`;

/**
 * Publishes a question file: compiled, tested over PUBLISH_SEEDS seeds of every level, stored as a
 * new version (or the same version when only texts changed), with one problem card per level.
 * Throws QuestionFileRejected (400) listing every problem.
 */
export async function publishQuestionFile(user: User, yaml: string): Promise<{ id: string; version: number; created: boolean }> {
  const r = questions.acceptQuestionFile(yaml, { seeds: PUBLISH_SEEDS });
  const compiled = r.ok ? r : r.compiled;
  const problems = [...(r.ok ? [] : r.problems)];
  if (compiled) problems.push(...(await articleProblems(compiled)));
  if (!r.ok || problems.length > 0 || !compiled) throw new QuestionFileRejected('the question file has problems', problems, r.ok ? r.report : r.report);
  const { family, version, generationKey, spec } = compiled;
  const id = family.id;
  const existing = await db.questionFamily.findUnique({ where: { id_version: { id, version } } });
  if (existing && existing.generationKey !== generationKey) {
    const l = spec.lineOf('version');
    throw new QuestionFileRejected('version must change', [
      { path: 'version', ...(l !== undefined ? { line: l } : {}), message: `version ${version} of ${id} is published with other variables: an edit that changes what a seed generates needs a new version` },
    ]);
  }
  const now = new Date();
  const created = !existing;
  await db.$transaction(async (tx) => {
    if (existing) await tx.questionFamily.update({ where: { id_version: { id, version } }, data: { yaml, articleSlug: family.article } });
    else await tx.questionFamily.create({ data: { id, version, yaml, generationKey, articleSlug: family.article, authorId: user.id, createdAt: now } });
    await syncCards(tx, family, version, now);
  });
  compiledCache.delete(`${id}@${version}`);
  knownRows = '';
  await refreshAuthoredFamilies();
  return { id, version, created };
}

/** One problem card per level, pointing at the newest version; cards of dropped levels are retired (history kept). */
async function syncCards(tx: Prisma.TransactionClient, family: ProblemFamily, version: number, now: Date): Promise<void> {
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
