import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

// NOTE: the main process picks a fresh database and passes it to workers through the environment,
// so every run starts from an empty install (browser tests begin with the setup page).
if (!process.env.STUDY_E2E_DIR) {
  process.env.STUDY_E2E_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'study-e2e-'));
}
const dir = process.env.STUDY_E2E_DIR;
const port = Number(process.env.STUDY_E2E_PORT ?? 3107);
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/browser',
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: path.join(dir, 'playwright.json') }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
    trace: 'off',
  },
  webServer: {
    command: 'node scripts/start.mjs',
    url: `http://127.0.0.1:${port}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    env: { DATABASE_URL: `file:${path.join(dir, 'study.db')}`, PORT: String(port), NEXT_TELEMETRY_DISABLED: '1' },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
