// Bundles TypeScript entry points into plain ES modules under dist/, so production code that Next does not
// build (worker threads, command-line tools) runs on Node without tsx. npm packages stay imports of
// node_modules; our own code (engine/, problems/, lib/) is compiled in.
//
//   node scripts/bundle.mjs                 every target
//   node scripts/bundle.mjs check-worker    one target
//   node scripts/bundle.mjs --if-stale      only targets older than one of their inputs
//
// To add a target (e.g. the engine batch CLI), add an entry to `targets`; `bundleTargets` and `staleTargets`
// serve scripts/start.mjs and scripts/test.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** name → entry (TypeScript) and outfile (ES module). */
export const targets = {
  'check-worker': { entry: 'lib/check-worker.ts', outfile: 'dist/check-worker.mjs' },
};

const metaFile = (target) => path.join(root, target.outfile.replace(/\.mjs$/, '.meta.json'));

/** Compiles one target; writes its outfile and a list of its inputs (for the staleness check). */
export async function bundleTarget(name) {
  const target = targets[name];
  if (!target) throw new Error(`no bundle target ${name} (known: ${Object.keys(targets).join(', ')})`);
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [target.entry],
    outfile: target.outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    tsconfig: 'tsconfig.json',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  fs.writeFileSync(metaFile(target), JSON.stringify({ inputs: Object.keys(result.metafile.inputs) }, null, 1));
  return target.outfile;
}

/** Targets whose outfile is missing or older than an input, this script or the lock file. */
export function staleTargets(names = Object.keys(targets)) {
  return names.filter((name) => {
    const target = targets[name];
    const out = path.join(root, target.outfile);
    if (!fs.existsSync(out) || !fs.existsSync(metaFile(target))) return true;
    const builtAt = fs.statSync(out).mtimeMs;
    let inputs;
    try {
      inputs = JSON.parse(fs.readFileSync(metaFile(target), 'utf8')).inputs;
    } catch {
      return true;
    }
    const watched = [...inputs, 'scripts/bundle.mjs', 'package-lock.json', 'tsconfig.json'];
    // NOTE: a new file (say a new problem family) changes the files that import it, so inputs suffice.
    return watched.some((file) => {
      const full = path.join(root, file);
      return !fs.existsSync(full) || fs.statSync(full).mtimeMs > builtAt;
    });
  });
}

/** Bundles the given (default: all) targets, or only the stale ones. */
export async function bundleTargets({ names = Object.keys(targets), ifStale = false } = {}) {
  const chosen = ifStale ? staleTargets(names) : names;
  for (const name of chosen) await bundleTarget(name);
  return chosen;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const ifStale = args.includes('--if-stale');
  const names = args.filter((arg) => !arg.startsWith('--'));
  const built = await bundleTargets({ names: names.length > 0 ? names : undefined, ifStale });
  console.log(built.length > 0 ? `bundled ${built.map((name) => targets[name].outfile).join(', ')}` : 'bundles up to date');
}
