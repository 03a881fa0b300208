// `npm run db:copy -- --from URL --to URL [--replace]`: copies every row of one database into another
// (SQLite file or PostgreSQL, either way), after bringing both to the current migrations as `npm start`
// does, and checks each table's row count on both sides. Stop the app on the source first: rows written
// during the copy are not in it. A target that holds any row is refused unless --replace is given.
import { parseArgs } from 'node:util';
import { CopyRefused, copyDatabase } from '../lib/db-copy';
import { normaliseUrl, redactUrl } from '../lib/database-url';
import { pendingMigrations } from '../lib/migrations';
import { migrate } from '../lib/migrations';

const usage = 'usage: npm run db:copy -- --from file:./data/study.db --to postgresql://user:password@host:5432/study [--replace]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, replace: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  if (args.help || !args.from || !args.to) {
    console.error(usage);
    return args.help ? 0 : 2;
  }
  const [from, to] = [normaliseUrl(args.from), normaliseUrl(args.to)];
  for (const [role, url] of [['source', from], ['target', to]] as const) {
    const pending = await pendingMigrations(url);
    if (pending.length > 0) console.log(`${role} ${redactUrl(url)}: applying ${pending.length} migration(s)`);
    await migrate(url);
  }
  console.log(`copying ${redactUrl(from)} → ${redactUrl(to)}${args.replace ? ' (replacing what the target holds)' : ''}`);
  const counts = await copyDatabase(from, to, { replace: args.replace, log: (line) => console.log(`  ${line}`) });
  const rows = counts.reduce((sum, row) => sum + row.target, 0);
  console.log(`done: ${counts.length} tables, ${rows} rows; every table has as many rows in the target as in the source`);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(error instanceof CopyRefused ? `refused: ${error.message}` : error);
  process.exitCode = 1;
}
