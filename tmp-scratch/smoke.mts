import Database from 'better-sqlite3';
import { runImport } from '/work/wt-anki/lib/anki-import/run';
import { buildPackage, sampleData } from '/work/wt-anki/tests/helpers/anki-fixtures';
const file = '/tmp/anki-db/study.db';
const db = new Database(file);
db.prepare(`INSERT OR IGNORE INTO "User" (id, username, passwordHash, role) VALUES ('u1', 'ed', 'x', 'editor')`).run();
db.close();
const data = sampleData();
data.notes[0]!.fields[0] = 'What is an eigenvector of \\(A\\)?';
data.notes[0]!.fields[1] = 'A vector \\(v \\neq 0\\) with \\[Av = \\lambda v\\]<img src="eigen.png">';
data.notes[3]!.fields[1] = '<a href="https://example.org">more</a>';
const bytes = await buildPackage(data, 'latest');
for (const dryRun of [true, false, false]) {
  const s = await runImport({ bytes, filename: 'x.apkg', history: true, dryRun, userId: 'u1', databaseFile: file, nowMs: Date.now() });
  console.log(JSON.stringify(s, null, 0));
}
const d2 = new Database(file);
console.log(d2.prepare(`select id, articleSlug, kind, guid, version from Note where origin='imported'`).all());
console.log(d2.prepare(`select cardId, state, due, stability, reps, lapses, suspendedAt from CardState`).all());
console.log(d2.prepare(`select count(*) n from Review`).get(), d2.prepare(`select sha256, mimeType, size from Media`).all());
console.log(d2.prepare(`select content from Card where id like 'maths%' limit 3`).all());
