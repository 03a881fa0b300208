import fs from 'node:fs';
import { readAnkiPackage } from '/work/wt-anki/lib/anki';
import { buildImport } from '/work/wt-anki/lib/anki-import/plan';
import { SqliteImportStore } from '/work/wt-anki/lib/anki-import/sqlite-store';
import { importLimits } from '/work/wt-anki/lib/anki-import/run';
const bytes = fs.readFileSync('/tmp/anki-db/big.apkg');
fs.copyFileSync('/tmp/anki-db/study.db', '/tmp/anki-db/big.db');
for (const f of ['-wal','-shm']) { fs.rmSync('/tmp/anki-db/big.db'+f, {force:true}); if (fs.existsSync('/tmp/anki-db/study.db'+f)) fs.copyFileSync('/tmp/anki-db/study.db'+f, '/tmp/anki-db/big.db'+f); }
let t = performance.now();
const lap = (what: string) => { const n = performance.now(); console.log(what, ((n - t)/1000).toFixed(2)); t = n; };
const c = await readAnkiPackage(bytes, { limits: importLimits }); lap('read');
const store = new SqliteImportStore('/tmp/anki-db/big.db');
const u = store.user('u1')!;
const { changes } = buildImport(c, { history: true, nowMs: Date.now(), lookup: store.lookup('u1', u.settings) }); lap('plan');
await store.apply(changes, 'u1', Date.now()); lap('apply');
