/**
 * Records the generate fingerprints of families whose `id@version` is not yet in
 * tests/golden/generate-hashes.json. Run: `npx tsx tests/golden/update-generate-hashes.ts`.
 *
 * It never rewrites a recorded `id@version`: if a family's generate output changed under the same
 * version, it stops and says so — bump that family's `version` (cards store id + version + seed,
 * so old instances must stay rebuildable) and run it again. Entries of earlier versions are kept
 * as history.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { families } from '../../problems';
import { hashesOf, HASHES_FILE, keyOf, type GoldenHashes } from './generate-hashes';

const recorded = JSON.parse(readFileSync(HASHES_FILE, 'utf8')) as GoldenHashes;
const changed: string[] = [];
const added: string[] = [];
for (const family of families) {
  const key = keyOf(family);
  const now = hashesOf(family);
  const before = recorded[key];
  if (!before) {
    recorded[key] = now;
    added.push(key);
  } else if (JSON.stringify(before) !== JSON.stringify(now)) {
    changed.push(key);
  }
}
if (changed.length > 0) {
  console.error(`generate output changed without a version bump: ${changed.join(', ')}\nBump each family's \`version\` (and say why in a comment), then run this again.`);
  process.exit(1);
}
const sorted = Object.fromEntries(Object.entries(recorded).sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
writeFileSync(HASHES_FILE, `${JSON.stringify(sorted, null, 2)}\n`);
console.log(added.length > 0 ? `recorded ${added.join(', ')}` : 'nothing new to record');
