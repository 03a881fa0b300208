/**
 * The work an author's question file causes — compile, question tests over many seeds, instance
 * previews — as plain functions of the file, run in a check worker (lib/check-worker.ts) under a
 * deadline, never on the thread that answers requests. Results are plain data (messages as codes and
 * args); the app localises and renders them (lib/question-families.ts).
 */
import { answerTexts, generateInstance, renderSteps, verifyInstance, type Bilingual, type JsonObject, type Lang, type Level, type ProblemFamily } from '@/engine';
import * as questions from '@/engine/questions';

/** A text for the author: verbatim (a built-in family's own words) or a message to localise. */
export type AuthorText = string | questions.QuestionMessage;

export interface RawPreview {
  readonly level: Level;
  readonly seed: number;
  readonly params: unknown;
  /** Markdown + TeX, in the requested language. */
  readonly prompt: string;
  readonly answer: 'none' | Readonly<Record<string, string>>;
  readonly steps: string;
  readonly verification: { readonly ok: boolean; readonly method: AuthorText; readonly detail?: AuthorText };
}

/** A preview that could not be made (the instance throws): what to tell the author. */
export interface PreviewFailure {
  readonly level: Level;
  readonly seed: number;
  readonly detail: questions.QuestionMessage;
}

export interface QuestionFileReport {
  /** What publishing needs to know, when the file compiles. */
  readonly compiled?: {
    readonly id: string;
    readonly version: number;
    readonly generationKey: string;
    readonly article: string;
    readonly levels: readonly Level[];
    readonly title: Bilingual;
    /** Lines of the keys the app checks itself (id, article, version). */
    readonly lines: { readonly id?: number; readonly article?: number; readonly version?: number };
  };
  readonly problems: readonly questions.QuestionProblem[];
  readonly tests: readonly questions.TestSummary[];
  readonly instances: number;
  readonly previews: readonly RawPreview[];
  readonly previewFailures: readonly PreviewFailure[];
}

const messageOf = (error: Error): questions.QuestionMessage =>
  'detail' in error && typeof error.detail === 'object' && error.detail !== null ? (error.detail as questions.QuestionMessage) : questions.msg('engine-error', { detail: error.message.slice(0, 300) });

function lineEntries(spec: questions.QuestionSpec, keys: readonly ('id' | 'article' | 'version')[]): { id?: number; article?: number; version?: number } {
  return Object.fromEntries(keys.flatMap((k) => {
    const line = spec.lineOf(k);
    return line === undefined ? [] : [[k, line]];
  }));
}

/** The preview of one instance, or why it cannot be made (an instance whose generation or answer fails). */
export async function tryPreviewInstance(family: ProblemFamily, seed: number, level: Level, lang: Lang, compiled?: questions.CompiledQuestion): Promise<{ readonly ok: true; readonly preview: RawPreview } | { readonly ok: false; readonly detail: questions.QuestionMessage }> {
  try {
    return { ok: true, preview: await previewInstance(family, seed, level, lang, compiled) };
  } catch (error) {
    if (!(error instanceof Error && 'code' in error)) throw error;
    return { ok: false, detail: messageOf(error) };
  }
}

/** One rendered instance of a family (built-in, or compiled from a question file) for the authoring preview. */
export async function previewInstance(family: ProblemFamily, seed: number, level: Level, lang: Lang, compiled?: questions.CompiledQuestion): Promise<RawPreview> {
  const instance = generateInstance(family, seed, level);
  const params = instance.params as JsonObject;
  let verification: RawPreview['verification'];
  if (compiled) {
    const failure = compiled.checkVerify(params);
    verification = failure ? { ok: false, method: compiled.verifyMethod, detail: failure } : { ok: true, method: compiled.verifyMethod };
  } else {
    const v = await verifyInstance(family, params);
    verification = v.ok ? { ok: true, method: v.method } : { ok: false, method: v.method, ...(v.detail !== undefined ? { detail: v.detail } : {}) };
  }
  return { level, seed, params, prompt: instance.prompt(lang), answer: answerTexts(family, params), steps: renderSteps(family, params, lang), verification };
}

/**
 * Compiles a question file, runs its question tests over `seeds` seeds of every level, and (with
 * `preview`) renders one instance per level: what publishing needs, and what the editor shows.
 */
export async function checkQuestionFile(yaml: string, seeds: number, preview?: { readonly seed: number; readonly lang: Lang }): Promise<QuestionFileReport> {
  const r = questions.acceptQuestionFile(yaml, { seeds });
  const compiled = r.ok ? r : r.compiled;
  const report = r.ok ? r.report : r.report;
  const previews: RawPreview[] = [];
  const previewFailures: PreviewFailure[] = [];
  if (compiled && preview) {
    for (const level of compiled.family.levels) {
      const r = await tryPreviewInstance(compiled.family, preview.seed, level, preview.lang, compiled);
      if (r.ok) previews.push(r.preview);
      else previewFailures.push({ level, seed: preview.seed, detail: r.detail });
    }
  }
  return {
    ...(compiled
      ? {
          compiled: {
            id: compiled.family.id,
            version: compiled.version,
            generationKey: compiled.generationKey,
            article: compiled.family.article,
            levels: compiled.family.levels,
            title: compiled.family.title,
            lines: lineEntries(compiled.spec, ['id', 'article', 'version']),
          },
        }
      : {}),
    problems: r.ok ? [] : r.problems,
    tests: report?.tests ?? [],
    instances: report?.instances ?? 0,
    previews,
    previewFailures,
  };
}
