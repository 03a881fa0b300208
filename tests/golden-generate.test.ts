/**
 * Golden test: each family's `generate` output is tied to its `id@version`. A card stores
 * `familyId + version + seed`, so the same id@version must rebuild the same instance forever.
 * The fingerprints live in tests/golden/generate-hashes.json (see tests/golden/generate-hashes.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { families } from '../problems';
import { generateInstance, type ProblemFamily } from '../engine';
import { canonicalJson, hashesOf, HASHES_FILE, keyOf, SEEDS, type GoldenHashes } from './golden/generate-hashes';

const UPDATE = 'npx tsx tests/golden/update-generate-hashes.ts';
const recorded = JSON.parse(readFileSync(HASHES_FILE, 'utf8')) as GoldenHashes;

describe.each(families.map((f) => [keyOf(f), f] as const))('generate of %s', (key, family) => {
  it(`matches the recorded hashes of ${SEEDS} seeds per level`, () => {
    const before = recorded[key];
    expect(before, `${key} has no recorded generate hashes: a new family or a new version — run \`${UPDATE}\` and commit tests/golden/generate-hashes.json`).toBeDefined();
    const now = hashesOf(family);
    for (const level of family.levels) {
      expect(
        now[level],
        `${key} ${level}: generate gives other params than when ${key} was recorded. Bump the family's \`version\` (cards store id + version + seed and must stay rebuildable; say why in a comment), then run \`${UPDATE}\` and commit tests/golden/generate-hashes.json`,
      ).toBe(before?.[level]);
    }
  });
});

describe('golden hashes', () => {
  it('canonical JSON ignores key order but not values', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: '3' }], a: null })).toBe(canonicalJson({ a: null, b: [1, { c: '3', d: 2 }] }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });

  it('detects a change of generate under the same id@version', () => {
    const family = families[0] as ProblemFamily;
    // The same family with generate shifted by one seed: same id and version, other params.
    const shifted: ProblemFamily = {
      ...family,
      use: (fn) => family.use((def) => fn({ ...def, generate: (rng, level) => (rng.int(0, 1), def.generate(rng, level)) })),
    };
    expect(generateInstance(shifted, 0, 'easy').params).not.toEqual(generateInstance(family, 0, 'easy').params);
    expect(hashesOf(shifted)).not.toEqual(recorded[keyOf(family)]);
    expect(hashesOf(family)).toEqual(recorded[keyOf(family)]);
  });
});
