import Database from 'better-sqlite3';
const db = new Database(process.argv[2], { readonly: false });
db.pragma('busy_timeout = 10000');
const stmt = db.prepare('SELECT id, username FROM "User" LIMIT 1');
const stmt2 = db.prepare('SELECT count(*) n FROM "CardState"');
const t0 = Date.now();
setInterval(() => {
  const a = performance.now();
  stmt.get(); stmt2.get();
  const ms = performance.now() - a;
  if (ms > 50) console.log(`poll slow ${ms.toFixed(0)} ms at +${Date.now() - t0}`);
}, 20);
setTimeout(() => process.exit(0), Number(process.argv[3]));
