/**
 * Everything the built-in families say, fingerprinted, to compare two trees: for each family and
 * level, over SEEDS seeds, sha256 of `generate`'s output as the batch interface gives it (params,
 * prompt in both languages, answer), of the answer spec, and of the worked steps per language.
 * A refactoring of the family protocol must leave the generate output identical (golden-generate
 * only pins the params, at 100 seeds).
 *
 *   npx tsx tests/golden/compare-output.ts record OUT.json [ROOT]   # ROOT: another checkout (default: this one)
 *   npx tsx tests/golden/compare-output.ts compare BEFORE.json AFTER.json
 *
 * `compare` lists each family-level whose fingerprints differ, with the first seed that differs.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SEEDS = Number(process.env.SEEDS ?? 1000);
const PARTS = ['generate', 'spec', 'stepsEn', 'stepsZh'] as const;
type Record_ = { readonly [part in (typeof PARTS)[number]]: string } & { readonly seeds: readonly string[] };

async function record(out: string, root: string): Promise<void> {
  const engine = (await import(path.join(root, 'engine/index.ts'))) as typeof import('../../engine');
  const { families } = (await import(path.join(root, 'problems/index.ts'))) as typeof import('../../problems');
  const result: Record<string, Record_> = {};
  for (const family of families) {
    for (const level of family.levels) {
      const hashes = Object.fromEntries(PARTS.map((p) => [p, createHash('sha256')])) as Record<(typeof PARTS)[number], ReturnType<typeof createHash>>;
      const seeds: string[] = [];
      for (let seed = 0; seed < SEEDS; seed++) {
        const i = engine.generateInstance(family, seed, level);
        const texts = {
          generate: JSON.stringify({ params: i.params, en: i.prompt('en'), zh: i.prompt('zh'), answer: i.answer }),
          spec: JSON.stringify(engine.answerSpecOf(family, i.params)),
          stepsEn: engine.renderSteps(family, i.params, 'en'),
          stepsZh: engine.renderSteps(family, i.params, 'zh'),
        };
        for (const p of PARTS) hashes[p].update(texts[p]);
        seeds.push(createHash('sha256').update(PARTS.map((p) => texts[p]).join('\u0000')).digest('hex').slice(0, 16));
      }
      result[`${family.id}/${level}`] = { ...(Object.fromEntries(PARTS.map((p) => [p, hashes[p].digest('hex')])) as Record<(typeof PARTS)[number], string>), seeds };
    }
  }
  writeFileSync(out, JSON.stringify(result));
  console.log(`${Object.keys(result).length} family-levels × ${SEEDS} seeds recorded in ${out}`);
}

function compare(beforeFile: string, afterFile: string): void {
  const before = JSON.parse(readFileSync(beforeFile, 'utf8')) as Record<string, Record_>;
  const after = JSON.parse(readFileSync(afterFile, 'utf8')) as Record<string, Record_>;
  let differing = 0;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[key];
    const b = after[key];
    if (!a || !b) {
      console.log(`${key}: only ${a ? 'before' : 'after'}`);
      differing++;
      continue;
    }
    const parts = PARTS.filter((p) => a[p] !== b[p]);
    if (parts.length === 0) continue;
    differing++;
    const first = a.seeds.findIndex((s, i) => s !== b.seeds[i]);
    console.log(`${key}: ${parts.join(', ')} differ (${a.seeds.filter((s, i) => s !== b.seeds[i]).length} seeds, first ${first})`);
  }
  console.log(`${Object.keys(after).length} family-levels compared, ${differing} differ`);
}

const [command, a, b] = process.argv.slice(2);
if (command === 'record' && a) await record(a, path.resolve(b ?? path.join(import.meta.dirname, '../..')));
else if (command === 'compare' && a && b) compare(a, b);
else {
  console.error('usage: compare-output.ts record OUT.json [ROOT] | compare BEFORE.json AFTER.json');
  process.exit(2);
}
