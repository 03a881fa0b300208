import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSeed } from './seed';

const seedText = fs.readFileSync(path.join(import.meta.dirname, '../problems/seed/articles.txt'), 'utf8');

describe('parseSeed', () => {
  it('finds the twelve articles of the seed with the category and date that precede them', () => {
    const articles = parseSeed(seedText);
    expect(articles).toHaveLength(12);
    expect(articles[0]).toMatchObject({ position: 1, category: null, date: null });
    expect(articles[0]!.excerpt).toContain('随机游走');
    expect(articles[1]).toMatchObject({ category: 'Generative Model', date: '2026-01-11' });
    expect(articles[2]).toMatchObject({ category: 'Computer Vision' });
    expect(articles[3]).toMatchObject({ category: 'Large Model' });
    expect(articles[6]).toMatchObject({ category: null });
    expect(articles[9]).toMatchObject({ category: 'Deep Learning' });
    expect(articles[11]!.excerpt).toContain('调和级数');
  });

  it('keeps a repo copy identical to the shared seed', () => {
    const shared = path.join(import.meta.dirname, '../../shared/seed/000_d0d5d2d29bfa50ab.txt');
    if (!fs.existsSync(shared)) return; // NOTE: ../shared exists in development and CI, not for self-hosters
    expect(seedText).toBe(fs.readFileSync(shared, 'utf8'));
  });

  it('reads a category/date pair only when a date line follows', () => {
    const articles = parseSeed('first\nNLP\n2026-01-11\nsecond\nthird\n');
    expect(articles.map((a) => [a.excerpt, a.category, a.date])).toEqual([
      ['first', null, null],
      ['second', 'NLP', '2026-01-11'],
      ['third', null, null],
    ]);
  });
});
