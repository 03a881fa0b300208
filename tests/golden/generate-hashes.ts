/**
 * Fingerprints of every family's `generate`: for each level, the sha256 of the canonical JSON of
 * `generateInstance(family, seed, level).params` for seeds 0..SEEDS−1, one line per seed. A card
 * stores `familyId + version + seed`, so `generate` must give the same params for the same
 * `id@version` forever; tests/golden-generate.test.ts holds it to the hashes checked in next to this
 * file, and `npx tsx tests/golden/update-generate-hashes.ts` records the hashes of a new `id@version`.
 */
import { createHash } from 'node:crypto';
import { generateInstance, type Level, type ProblemFamily } from '../../engine';

export const SEEDS = 100;
export const HASHES_FILE = new URL('./generate-hashes.json', import.meta.url);

/** `{ "random-walk@1": { "easy": "…", "medium": "…", "hard": "…" }, … }` */
export type GoldenHashes = Record<string, Partial<Record<Level, string>>>;

export const keyOf = (family: ProblemFamily): string => `${family.id}@${family.version}`;

/** JSON with object keys sorted, so a harmless reordering of keys in `generate` changes nothing. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The hash of one family's generate output at every level it has. */
export function hashesOf(family: ProblemFamily): Partial<Record<Level, string>> {
  const out: Partial<Record<Level, string>> = {};
  for (const level of family.levels) {
    const hash = createHash('sha256');
    for (let seed = 0; seed < SEEDS; seed++) hash.update(`${canonicalJson(generateInstance(family, seed, level).params)}\n`);
    out[level] = hash.digest('hex');
  }
  return out;
}
