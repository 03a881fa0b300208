/**
 * `npm run -s engine -- batch --questions DIR`: question files next to the built-in families, through
 * a real CLI subprocess; a directory with a broken file stops the CLI with file:line problems.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function batch(args: string[], input: string) {
  const r = spawnSync('npm', ['run', '-s', 'engine', '--', 'batch', ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, lines: r.stdout.trim().split('\n').filter((l) => l !== ''), stderr: r.stderr };
}

describe('batch --questions', () => {
  it('lists, generates, solves and checks question files as families', { timeout: 120_000 }, () => {
    const input = [
      { op: 'list' },
      { op: 'generate', family: 'harmonic-number-q', seed: 5, level: 'easy' },
      { op: 'solve', family: 'quadratic-minimum-q', params: { n: 2, shape: 'definite', M: [[1, 0], [0, 1]], k: 1, S: [[1, 0], [0, 1]], A: [[1, 0], [0, 2]], y: [0, 0], half: false, r: [0, 0], b: [-2, -8], c: 3 } },
      { op: 'check', family: 'quadratic-form-gradient', params: { a: 1, v: [1, 2] }, answer: '[8, 3]' },
      { op: 'check', family: 'quadratic-form-gradient', params: { a: 1, v: [1, 2] }, answer: '[-8, -3]' },
      { op: 'solve', family: 'quadratic-form-gradient', params: { a: 1, v: [0, 0] } },
      { op: 'generate', family: 'random-walk', seed: 1 },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'questions-'));
    for (const d of ['problems/questions', 'tests/fixtures/questions']) for (const f of fs.readdirSync(path.join(ROOT, d))) fs.copyFileSync(path.join(ROOT, d, f), path.join(dir, f));
    const r = batch(['--questions', dir], input);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(7);
    const [list, generated, solved, right, wrong, invalid, builtin] = r.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const ids = (list!.families as { id: string }[]).map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['random-walk', 'harmonic-number-q', 'directional-derivative-q', 'quadratic-minimum-q', 'moe-params-q', 'quadratic-form-gradient']));
    expect(generated).toMatchObject({ family: 'harmonic-number-q', seed: 5, level: 'easy', answer: { value: 4 } });
    expect(solved).toEqual({ exists: true, x: [1, 2], value: -6, exact: { x: ['1', '2'], value: '-6' } });
    expect(right).toMatchObject({ correct: true });
    expect(wrong).toMatchObject({ correct: false, note: 'feedback-1', message: 'Check the sign.' });
    expect(invalid!.error).toMatch(/where: norm\(v\) != 0/);
    expect(builtin).toMatchObject({ family: 'random-walk' });
  });

  it('refuses to start on a broken file, naming file, line and path', { timeout: 120_000 }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'questions-'));
    fs.writeFileSync(path.join(dir, 'broken.yaml'), fs.readFileSync(path.join(ROOT, 'tests/fixtures/questions/quadratic-form-gradient.yaml'), 'utf8').replace('"a*x^2 + 3*x*y"', '"a*x^2 + 3*q"'));
    const r = batch(['--questions', dir], '{"op":"list"}\n');
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.yaml:8: variables\.f: unknown name q/);
    expect(r.lines).toEqual([]);
  });
});
