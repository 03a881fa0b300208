/**
 * Engine batch CLI (DESIGN.md, "Engine batch interface"):
 *
 *   npm run -s engine -- batch  < requests.jsonl  > responses.jsonl
 *
 * Reads JSON lines on stdin and writes exactly one JSON line per input line, in order. Every
 * line gets an answer — a blank line or a line that is not JSON gets {"error": "..."} — so
 * output line i always answers input line i. Lines longer than 1,000,000 characters are skipped
 * without being held in memory and answered with an error. CR before LF is ignored. The ops and
 * their answers are documented in engine/batch.ts.
 *
 *   npm run -s engine -- batch --questions DIR
 *
 * also loads every question file (`*.yaml`, `*.yml`) in DIR (docs/QUESTIONS.md), so list,
 * generate, solve and check work on them as on built-in families. A file that does not compile
 * stops the CLI before any line is read, with each problem (file:line: path: message) on stderr.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { createBatchHandler, createRegistry, MAX_LINE_LENGTH, type FamilyRegistry, type ProblemFamily } from '../engine';
import { registry } from '../problems';

/** The built-in registry plus the compiled question files of `dir`. Throws with every problem found. */
export async function registryWithQuestions(dir: string): Promise<FamilyRegistry> {
  // NOTE: loaded only when asked for, so plain `batch` starts as fast as before.
  const questions = await import('../engine/questions');
  const names = fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  const extra: ProblemFamily[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const r = questions.compileQuestionFile(fs.readFileSync(path.join(dir, name), 'utf8'));
    if (r.ok) extra.push(r.family);
    else for (const p of r.problems) problems.push(`${path.join(dir, name)}:${p.line ?? 0}: ${p.path || '(file)'}: ${p.message}`);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return createRegistry([...registry.families, ...extra]);
}

async function batch(families: FamilyRegistry): Promise<void> {
  const handle = createBatchHandler(families);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let overflow = false;
  const out: string[] = [];

  const flush = async () => {
    if (out.length === 0) return;
    const text = out.join('\n') + '\n';
    out.length = 0;
    if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  };

  const answer = async (line: string) => {
    out.push(await handle(line.endsWith('\r') ? line.slice(0, -1) : line));
    if (out.length >= 256) await flush();
  };

  const consume = async (chunk: string) => {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf('\n', start);
      if (newline < 0) break;
      if (overflow) {
        overflow = false;
        pending = '';
        out.push(JSON.stringify({ error: `line too long (more than ${MAX_LINE_LENGTH} characters)` }));
      } else {
        const line = pending + chunk.slice(start, newline);
        pending = '';
        await answer(line);
      }
      start = newline + 1;
    }
    if (!overflow) {
      pending += chunk.slice(start);
      if (pending.length > MAX_LINE_LENGTH + 1) {
        overflow = true;
        pending = '';
      }
    }
  };

  for await (const chunk of process.stdin) {
    await consume(decoder.write(chunk as Buffer));
    await flush();
  }
  await consume(decoder.end());
  if (overflow) out.push(JSON.stringify({ error: `line too long (more than ${MAX_LINE_LENGTH} characters)` }));
  else if (pending !== '') await answer(pending);
  await flush();
}

const command = process.argv[2];
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // The reader went away (e.g. `| head`): nothing more to say.
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const questionsAt = process.argv.indexOf('--questions');
if (command === 'batch' && questionsAt > 0 && !process.argv[questionsAt + 1]) {
  process.stderr.write('usage: npm run -s engine -- batch --questions DIR\n');
  process.exitCode = 2;
} else if (command === 'batch') {
  const load = questionsAt > 0 ? registryWithQuestions(process.argv[questionsAt + 1] as string) : Promise.resolve(registry);
  load
    .catch((error: unknown) => {
      process.stderr.write(`engine batch: cannot load question files:\n${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    })
    .then((families) => batch(families as FamilyRegistry))
    .catch((error: unknown) => {
      process.stderr.write(`engine batch failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    });
} else {
  process.stderr.write('usage: npm run -s engine -- batch [--questions DIR]  (JSON lines on stdin, one JSON line out per line in)\n');
  process.exitCode = 2;
}
