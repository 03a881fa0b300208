import { PrismaClient } from '@prisma/client';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${process.argv[2]}`, timeout: 5000 }) });
const t0 = Date.now();
const end = t0 + Number(process.argv[3]);
let n = 0;
while (Date.now() < end) {
  const a = performance.now();
  await db.user.findFirst(); await db.cardState.count();
  n++;
  const ms = performance.now() - a;
  if (ms > 300) console.log(`prisma poll slow ${ms.toFixed(0)} ms at +${Date.now() - t0}`);
  await new Promise((r) => setTimeout(r, 20));
}
console.log('polls', n);
process.exit(0);
