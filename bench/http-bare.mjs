// The baseline of `npm run bench:http`: a bare Node HTTP server doing the review transaction of
// POST /api/v1/reviews with better-sqlite3 directly on a copy of the app's database: look up the card,
// in one transaction read the card state, insert the Review row and upsert the CardState row, answer JSON.
// No framework, no session lookup, no FSRS (the bench measures what the app adds around the SQL).
//   node bench/http-bare.mjs DATABASE_FILE USER_ID [PORT]   → prints "listening PORT" (loopback only)
import http from 'node:http';
import Database from 'better-sqlite3';

const [file, userId, port] = process.argv.slice(2);
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
const findCard = db.prepare('SELECT id, kind FROM Card WHERE id = ?');
const findReview = db.prepare('SELECT result FROM Review WHERE id = ?');
const findState = db.prepare('SELECT * FROM CardState WHERE userId = ? AND cardId = ?');
const insertReview = db.prepare(
  'INSERT INTO Review (id, userId, cardId, rating, stateBefore, reviewedAt, durationMs, elapsedDays, scheduledDays, prevState, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
);
const upsertState = db.prepare(
  `INSERT INTO CardState (userId, cardId, state, due, stability, difficulty, reps, lapses, lastReview, updatedAt) VALUES (?, ?, 'review', ?, ?, ?, 1, 0, ?, ?)
   ON CONFLICT (userId, cardId) DO UPDATE SET state = excluded.state, due = excluded.due, stability = excluded.stability,
   difficulty = excluded.difficulty, reps = reps + 1, lastReview = excluded.lastReview, updatedAt = excluded.updatedAt`,
);
const record = db.transaction((input, now) => {
  const twin = findReview.get(input.id);
  if (twin) return JSON.parse(twin.result);
  const state = findState.get(userId, input.cardId);
  const due = new Date(now + 86_400_000).getTime();
  const result = { id: input.id, cardId: input.cardId, rating: input.rating, state: 'review', due: new Date(due).toISOString(), reviewedAt: new Date(now).toISOString() };
  // NOTE: reviewedAt in the text form the app stores (Prisma's SQLite adapter): the database's triggers read it
  // as a date (prisma/migrations/20261207150000_tallies) and refuse anything else.
  const reviewedAt = new Date(now).toISOString().replace('Z', '+00:00');
  insertReview.run(input.id, userId, input.cardId, input.rating, state?.state ?? 'new', reviewedAt, input.durationMs ?? null, 0, 1, JSON.stringify(state ?? null), JSON.stringify(result));
  upsertState.run(userId, input.cardId, due, 3.2, 5.1, now, now);
  return result;
});

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (c) => chunks.push(c));
  request.on('end', () => {
    try {
      const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (!findCard.get(input.cardId)) throw new Error('no such card');
      const body = JSON.stringify(record(input, Date.now()));
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } catch (error) {
      response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(error) }));
    }
  });
});
server.listen(Number(port ?? 0), '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
