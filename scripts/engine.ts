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
 */
import { StringDecoder } from 'node:string_decoder';
import { createBatchHandler, MAX_LINE_LENGTH } from '../engine';
import { registry } from '../problems';

async function batch(): Promise<void> {
  const handle = createBatchHandler(registry);
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
if (command === 'batch') {
  batch().catch((error: unknown) => {
    process.stderr.write(`engine batch failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
} else {
  process.stderr.write('usage: npm run -s engine -- batch  (JSON lines on stdin, one JSON line out per line in)\n');
  process.exitCode = 2;
}
