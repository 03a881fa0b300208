// The second baseline of `npm run bench:http`: the app's own review code — the session lookup
// (lib/accounts.ts `sessionUser`) and `recordReview` (lib/study.ts: transition, SQL, one transaction) — served
// by a bare `node:http` server instead of Next, on the app's database. Beside the app and the bare
// better-sqlite3 server it shows what Next's request handling adds, and what the app's code adds to SQL.
//   DATABASE_URL=file:… npx tsx bench/http-lib.ts [PORT]   → prints "listening PORT" (loopback only)
import http from 'node:http';
import { z } from 'zod';
import { sessionUser } from '../lib/accounts';
import { HttpError } from '../lib/http';
import { sessionCookie } from '../lib/session';
import { recordReview } from '../lib/study';

const body = z.object({
  id: z.uuid(),
  cardId: z.string().min(1).max(200),
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
  durationMs: z.number().int().min(0).max(86_400_000).optional(),
});

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

function answer(response: http.ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' }).end(text);
}

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', async () => {
    try {
      const user = await sessionUser(cookie(request.headers.cookie, sessionCookie), new Date());
      if (!user) throw new HttpError(401, 'sign in first');
      const input = body.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      answer(response, 200, await recordReview(user, input, new Date()));
    } catch (error) {
      answer(response, error instanceof HttpError ? error.status : 400, { error: String(error) });
    }
  });
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => console.log(`listening ${(server.address() as { port: number }).port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
