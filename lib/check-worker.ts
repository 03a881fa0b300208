/**
 * The check worker: a worker thread that checks answers, reruns tensor programs and checks authors'
 * question files (lib/question-work.ts), so the app's main thread never runs work a client's input drives. Bundled with the engine and the problem registry into
 * dist/check-worker.mjs by scripts/bundle.mjs (`npm run build:worker`); lib/check-pool.ts runs a few of
 * them and terminates one that overruns its deadline.
 */
import { parentPort } from 'node:worker_threads';
import { checkAnswer, previewAnswer, renderSteps, tensor, tensorRuns, type ProblemFamily } from '@/engine';
import { compileQuestionFile, type CompiledQuestion } from '@/engine/questions';
import { families, familyById } from '@/problems';
import type { CheckTask, CheckTaskValue, QuestionSource, WorkerReply, WorkerRequest } from './check-protocol';
import { checkQuestionFile, tryPreviewInstance } from './question-work';

// NOTE: compiled question families are immutable per id@version, so the worker keeps them between tasks.
const compiledQuestions = new Map<string, CompiledQuestion>();

function questionFamily(id: string, source: QuestionSource): CompiledQuestion {
  const key = `${id}@${source.version}`;
  const hit = compiledQuestions.get(key);
  if (hit) return hit;
  const compiled = compileQuestionFile(source.yaml);
  if (!compiled.ok || compiled.family.id !== id || compiled.version !== source.version) {
    throw Object.assign(new Error(`the question family ${key} does not compile to itself`), { name: 'ContentError' });
  }
  if (compiledQuestions.size > 200) compiledQuestions.clear();
  compiledQuestions.set(key, compiled);
  return compiled;
}

function knownFamily(id: string, source: QuestionSource | undefined): { family: ProblemFamily; compiled?: CompiledQuestion } {
  if (source) {
    const compiled = questionFamily(id, source);
    return { family: compiled.family, compiled };
  }
  const family = familyById(id);
  if (!family) throw Object.assign(new Error(`no exercise family ${JSON.stringify(id.slice(0, 60))}`), { name: 'UnknownFamilyError' });
  return { family };
}

async function perform(task: CheckTask): Promise<CheckTaskValue> {
  if (task.op === 'check') {
    const { family } = knownFamily(task.family, task.question);
    const result = checkAnswer(family, task.params, task.answer, { lang: task.lang });
    const correct = result.kind === 'graded' && result.correct;
    const wantSteps = task.steps === 'always' || (task.steps === 'if-correct' && correct);
    return { op: 'check', result, ...(wantSteps ? { steps: renderSteps(family, task.params, task.lang) } : {}) };
  }
  if (task.op === 'preview') return { op: 'preview', preview: previewAnswer(task.text, task.kind, { lang: task.lang, noneAllowed: true }) };
  if (task.op === 'question-file') return { op: 'question-file', report: await checkQuestionFile(task.yaml, task.seeds, task.preview) };
  if (task.op === 'family-preview') {
    const { family, compiled } = knownFamily(task.family, task.question);
    if (!family.levels.includes(task.level)) {
      throw Object.assign(new Error(`${family.id} has no level ${task.level} (levels: ${family.levels.join(', ')})`), { name: 'InvalidParamsError' });
    }
    return { op: 'family-preview', result: await tryPreviewInstance(family, task.seed, task.level, task.lang, compiled) };
  }
  const tf = await tensor.loadTensorFlow();
  const started = performance.now();
  const figures = tensorRuns.runTensorProgram(tf, task.program, task.seed);
  return { op: 'tensor-run', figures, ms: performance.now() - started };
}

const port = parentPort;
if (!port) throw new Error('check-worker.mjs runs as a worker thread (lib/check-pool.ts starts it)');
port.on('message', (request: WorkerRequest) => {
  perform(request.task).then(
    (value) => port.postMessage({ kind: 'done', id: request.id, value } satisfies WorkerReply),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      const code = (e as { code?: unknown }).code;
      port.postMessage({ kind: 'failed', id: request.id, error: { name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}) } } satisfies WorkerReply);
    },
  );
});
/**
 * The first check in a fresh thread pays for lazy set-up and compilation (~1 s, as long as the deadline):
 * each family checks one of its own examples, and a preview runs, before the worker says it is ready.
 */
function warmUp(): void {
  for (const family of families) {
    try {
      family.use((definition) => {
        const example = definition.examples[0];
        if (example) checkAnswer(family, example.params, example.answer);
      });
    } catch {
      // NOTE: a family that fails here fails the same way in a request, where it is reported.
    }
  }
  previewAnswer('[1, -1/2]', 'vector');
}

warmUp();
port.postMessage({ kind: 'ready' } satisfies WorkerReply);
