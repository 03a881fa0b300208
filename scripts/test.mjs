// `npm test`: type check, production build, unit + integration tests (vitest), browser tests (Playwright
// in Debian's Chromium). Ends with one summary line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleTargets } from './bundle.mjs';
import { copyWasm } from './copy-wasm.mjs';

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
if (run(bin('tsc'), ['--noEmit', '-p', '.']) !== 0) process.exit(1);
copyWasm();
await bundleTargets();
if (run(bin('next'), ['build']) !== 0) process.exit(1);

const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'study-test-'));
const vitestJson = path.join(reports, 'vitest.json');
const unitStatus = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const e2eDir = fs.mkdtempSync(path.join(os.tmpdir(), 'study-e2e-'));
const browserStatus = run(bin('playwright'), ['test'], { STUDY_E2E_DIR: e2eDir });

function vitestCounts() {
  if (!fs.existsSync(vitestJson)) return { passed: 0, failed: 1 };
  const report = JSON.parse(fs.readFileSync(vitestJson, 'utf8'));
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
const failed = unit.failed + browser.failed + (unitStatus !== 0 && unit.failed === 0 ? 1 : 0) + (browserStatus !== 0 && browser.failed === 0 ? 1 : 0);
console.log(`\nvitest: ${unit.passed} passed, ${unit.failed} failed; playwright: ${browser.passed} passed, ${browser.failed} failed`);
fs.rmSync(reports, { recursive: true, force: true });
if (failed === 0) fs.rmSync(e2eDir, { recursive: true, force: true });
console.log(`${unit.passed + browser.passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
