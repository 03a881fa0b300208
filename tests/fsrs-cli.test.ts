import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, forgettingCurve } from '../engine/scheduler';

const root = path.resolve(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fsrs-cli-'));
const HEADER = 'card_id,review_time,review_rating,review_state,review_duration';
const DAY = 86_400_000;
const T0 = 1_700_000_000_000;

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, lines: readonly string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function fsrsCli(...args: string[]) {
  const result = spawnSync('npm', ['run', '-s', 'fsrs', '--', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function parseOutput(stdout: string) {
  const [header, ...rows] = stdout.trimEnd().split('\n');
  return { header, rows: rows.map((line) => line.split(',')).map(([card, time, p]) => ({ card, time: Number(time), p: Number(p) })) };
}

// Twelve TRAIN cards with five daily-spaced reviews each: real enough to fit, too few to correct.
const trainLines = [HEADER];
for (let c = 0; c < 12; c++) {
  let t = T0 + c * 1000;
  [3, 3, c % 3 === 0 ? 1 : 3, 3, 4].forEach((rating, k) => {
    trainLines.push(`t${c},${t},${rating},${k === 0 ? 0 : 2},5000`);
    t += (k + 1) * 3 * DAY;
  });
}
trainLines.push('t0,not-a-time,3,2,5000', 'broken line');

const testLines = [
  HEADER,
  `x,${T0 + 5 * DAY},3,2,4000`, // x's second review, listed before its first
  `x,${T0},4,0,4000`,
  `y,${T0},3,0,4000`,
  `y,${T0 + 2 * DAY},0,2,4000`, // manual entry: skipped
  `y,${T0 + 3 * DAY},1,2,4000`,
  `z,${T0},3,0,4000`, // single review: no prediction
  `y,${T0 + 3 * DAY + 600_000},3,3,4000`, // same day as the lapse
  `x,${T0 + 9 * DAY},7,2,4000`, // rating out of range: skipped
  `w,${T0 + DAY},3,0,4000`,
  `w,${T0 + 4 * DAY},2,2`, // no duration: fine
  'w,,3,2,4000', // no time: skipped
];

describe('npm run fsrs -- predict', () => {
  const train = write('train.csv', trainLines);
  const test = write('test.csv', testLines);

  it('prints the exact header and one row per TEST review with an earlier TEST review of its card, in file order', () => {
    const { status, stdout, stderr } = fsrsCli('predict', '--train', train, '--test', test);
    expect(status).toBe(0);
    const { header, rows } = parseOutput(stdout);
    expect(header).toBe('card_id,review_time,p_recall');
    expect(rows.map((r) => [r.card, r.time])).toEqual([
      ['x', T0 + 5 * DAY],
      ['y', T0 + 3 * DAY],
      ['y', T0 + 3 * DAY + 600_000],
      ['w', T0 + 4 * DAY],
    ]);
    for (const { p } of rows) {
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
    }
    // A same-day review after a lapse is not a sure thing.
    expect(rows[2]?.p).toBeLessThan(0.999);
    expect(stderr).toMatch(/TRAIN .*train\.csv:62: .*review_time/);
    expect(stderr).toMatch(/TRAIN .*train\.csv:63: /);
    expect(stderr).toMatch(/TEST .*test\.csv:5: review_rating "0" is outside 1-4; row skipped/);
    expect(stderr).toMatch(/TEST .*test\.csv:9: review_rating "7"/);
    expect(stderr).toMatch(/TEST .*test\.csv:12: /);
  });

  it('falls back to default weights for an empty TRAIN, and predicts from TEST history only', () => {
    const empty = write('empty.csv', [HEADER]);
    const blank = path.join(dir, 'blank.csv');
    fs.writeFileSync(blank, '');
    for (const trainFile of [empty, blank]) {
      const { status, stdout, stderr } = fsrsCli('predict', `--train=${trainFile}`, `--test=${test}`);
      expect(status).toBe(0);
      expect(stderr).toMatch(/default FSRS-6 weights/);
      const { rows } = parseOutput(stdout);
      expect(rows).toHaveLength(4);
      // x: first rating Easy (S₀ = w₃), recalled 5 days later.
      expect(rows[0]?.p).toBeCloseTo(forgettingCurve(DEFAULT_WEIGHTS, 5, DEFAULT_WEIGHTS[3] ?? 0), 6);
    }
  });

  it('prints only the header for a TEST without repeat reviews', () => {
    const single = write('single.csv', [HEADER, `a,${T0},3,0,1`, `b,${T0},3,0,1`]);
    const { status, stdout } = fsrsCli('predict', '--train', train, '--test', single);
    expect(status).toBe(0);
    expect(stdout).toBe('card_id,review_time,p_recall\n');
  });

  it.each([
    ['no command', [], /usage: npm run -s fsrs -- predict --train TRAIN.csv --test TEST.csv/],
    ['unknown command', ['fit'], /unknown command "fit"/],
    ['missing --test', ['predict', '--train', 'a.csv'], /missing --test/],
    ['missing both', ['predict'], /missing --train and --test/],
    ['flag without a file', ['predict', '--train', '--test', 'b.csv'], /--train needs a file/],
    ['unknown flag', ['predict', '--train', 'a.csv', '--test', 'b.csv', '--fast'], /unexpected argument "--fast"/],
    ['missing TRAIN file', ['predict', '--train', '/nonexistent/train.csv', '--test', '/nonexistent/test.csv'], /TRAIN file \/nonexistent\/train\.csv does not exist/],
    ['a directory', ['predict', '--train', os.tmpdir(), '--test', '/nonexistent/test.csv'], /is not a file/],
  ])('exits 2 with a message: %s', (_name, args, message) => {
    const { status, stdout, stderr } = fsrsCli(...(args as string[]));
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('exits 2 for a TEST file that is not a revlog', () => {
    const notRevlog = write('notes.csv', ['name,score', 'ann,3']);
    const { status, stderr } = fsrsCli('predict', '--train', train, '--test', notRevlog);
    expect(status).toBe(2);
    expect(stderr).toMatch(/TEST file .*notes\.csv: the first line is not a revlog header/);
  });
});
