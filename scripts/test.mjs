// `npm test`: type check, production build, unit + integration tests (vitest) on SQLite, browser tests
// (Playwright in Debian's Chromium), then the integration tests that touch the database again on a
// throw-away PostgreSQL server (Debian's postgresql package). Ends with one summary line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleTargets } from './bundle.mjs';
import { copyWasm } from './copy-wasm.mjs';
import { ensurePostgresBinaries, startPostgres } from './postgres-server.mjs';

process.env.NEXT_TELEMETRY_DISABLED = '1';
const bin = (name) => path.join('node_modules', '.bin', name);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function run(command, args, env = {}) {
  console.log(`\n$ ${[command, ...args].join(' ')}`);
  return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;
}

function ensureChromium() {
  if (fs.existsSync(chromium)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && fs.existsSync('/usr/bin/apt-get')) {
    console.log('Chromium is missing: installing Debian\'s chromium package with apt-get ...');
    if (run('apt-get', ['update']) === 0 && run('apt-get', ['install', '-y', 'chromium']) === 0 && fs.existsSync(chromium)) return;
  }
  console.error(
    `\nThe browser tests need Chromium at ${chromium}, and it is not there.\n` +
      'Install it with:  sudo apt-get install -y chromium   (or set CHROMIUM_PATH to a Chromium binary)\n' +
      'Browser tests are never skipped silently, so npm test stops here.',
  );
  process.exit(1);
}

ensureChromium();
try {
  ensurePostgresBinaries();
} catch (error) {
  console.error(`\n${error.message}\nThe PostgreSQL run is never skipped silently, so npm test stops here.`);
  process.exit(1);
}
if (run(bin('tsc'), ['--noEmit', '-p', '.']) !== 0) process.exit(1);
copyWasm();
await bundleTargets();
if (run(bin('next'), ['build']) !== 0) process.exit(1);

const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'study-test-'));
const vitestJson = path.join(reports, 'vitest.json');
const unitStatus = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const e2eDir = fs.mkdtempSync(path.join(os.tmpdir(), 'study-e2e-'));
const browserStatus = run(bin('playwright'), ['test'], { STUDY_E2E_DIR: e2eDir });

// The integration tests that reach the database (through tests/helpers/app-server.ts or test-database.ts),
// once more, each on a fresh database of one throw-away PostgreSQL server.
const postgresFiles = fs
  .readdirSync('tests')
  .filter((name) => name.endsWith('.test.ts'))
  .filter((name) => /helpers\/(app-server|test-database)'/.test(fs.readFileSync(path.join('tests', name), 'utf8')))
  .map((name) => path.join('tests', name));
const postgresJson = path.join(reports, 'vitest-postgres.json');
let postgresStatus = 1;
let postgres;
try {
  // NOTE: fsync off: the server and its data are thrown away at the end; nothing must survive a crash.
  postgres = await startPostgres({ settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });
  console.log(`\nPostgreSQL for the tests at ${postgres.url}`);
  postgresStatus = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${postgresJson}`, ...postgresFiles], { STUDY_TEST_POSTGRES: postgres.url });
} catch (error) {
  console.error(`PostgreSQL run: ${error.message}`);
} finally {
  postgres?.stop();
}

function vitestCounts(file = vitestJson) {
  if (!fs.existsSync(file)) return { passed: 0, failed: 1 };
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { passed: report.numPassedTests, failed: report.numFailedTests + (report.numFailedTestSuites ?? 0) };
}

function playwrightCounts() {
  const file = path.join(e2eDir, 'playwright.json');
  if (!fs.existsSync(file)) return { passed: 0, failed: 1 };
  const stats = JSON.parse(fs.readFileSync(file, 'utf8')).stats;
  return { passed: stats.expected, failed: stats.unexpected + stats.flaky };
}

const unit = vitestCounts();
const browser = playwrightCounts();
const onPostgres = vitestCounts(postgresJson);
const failed =
  unit.failed +
  browser.failed +
  onPostgres.failed +
  (unitStatus !== 0 && unit.failed === 0 ? 1 : 0) +
  (browserStatus !== 0 && browser.failed === 0 ? 1 : 0) +
  (postgresStatus !== 0 && onPostgres.failed === 0 ? 1 : 0);
console.log(
  `\nvitest: ${unit.passed} passed, ${unit.failed} failed; playwright: ${browser.passed} passed, ${browser.failed} failed; ` +
    `vitest on PostgreSQL: ${onPostgres.passed} passed, ${onPostgres.failed} failed`,
);
fs.rmSync(reports, { recursive: true, force: true });
if (failed === 0) fs.rmSync(e2eDir, { recursive: true, force: true });
console.log(`${unit.passed + browser.passed + onPostgres.passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
