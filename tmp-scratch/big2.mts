import fs from 'node:fs';
import { runImport } from '/work/wt-anki/lib/anki-import/run';
const bytes = fs.readFileSync('/tmp/anki-db/big.apkg');
fs.copyFileSync('/tmp/anki-db/study.db', '/tmp/anki-db/big.db');
for (const f of ['-wal','-shm']) { fs.rmSync('/tmp/anki-db/big.db'+f, {force:true}); if (fs.existsSync('/tmp/anki-db/study.db'+f)) fs.copyFileSync('/tmp/anki-db/study.db'+f, '/tmp/anki-db/big.db'+f); }
for (const dryRun of [true, false, false]) {
const t = performance.now();
const s = await runImport({ bytes, filename: 'big.apkg', history: true, dryRun, userId: 'u1', databaseFile: '/tmp/anki-db/big.db', nowMs: Date.now() });
console.log(dryRun, ((performance.now() - t)/1000).toFixed(2), 's', JSON.stringify({ ...s, skipped: s.skipped.slice(0, 5) }).slice(0, 300));
}
