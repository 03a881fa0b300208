// Bundles TypeScript entry points into plain ES modules under dist/, so production code that Next does not
// build (worker threads, command-line tools) runs on Node without tsx. npm packages stay imports of
// node_modules; our own code (engine/, problems/, lib/) is compiled in.
//
//   node scripts/bundle.mjs                 every target
//   node scripts/bundle.mjs check-worker    one target
//   node scripts/bundle.mjs --if-stale      only targets older than one of their inputs
//
// To add a target, add an entry to `targets`; `bundleTargets` and `staleTargets` serve scripts/start.mjs,
// scripts/test.mjs, `npm install` (postinstall) and scripts/engine-cli.mjs (the `engine` npm script).
// Outputs are written to a temporary file and renamed, so a process that starts while another rebuilds
// never imports a half-written bundle.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * name → entry (TypeScript), outfile (ES module) and optionally `inline`: npm packages compiled into the
 * bundle instead of imported, so that one reached only through a dynamic import() is loaded only then
 * (esbuild hoists the imports of external packages to the top of the bundle).
 */
export const targets = {
  'check-worker': { entry: 'lib/check-worker.ts', outfile: 'dist/check-worker.mjs' },
  // Anki import and export (lib/anki-import/client.ts starts one per task).
  'anki-worker': { entry: 'lib/anki-import/worker.ts', outfile: 'dist/anki-worker.mjs' },
  // `npm run -s engine -- batch` (DESIGN.md): compiled once instead of tsx compiling at every start.
  // yaml is inlined so that only `batch --questions DIR` loads it (about 0.1 s of start-up otherwise), and
  // the packages the engine's mathjs modules import (engine/mathjs-factories.mjs) so Node does not resolve
  // and scan each at every start.
  engine: { entry: 'scripts/engine.ts', outfile: 'dist/engine.mjs', inline: ['yaml'] },
  // `npm start`'s server: Next's custom server, and the fast path it loads once Next is ready (the app's own
  // route handlers for the requests people wait on: lib/fast-path.ts).
  server: { entry: 'scripts/server.ts', outfile: 'dist/server.mjs' },
  'fast-routes': { entry: 'scripts/fast-routes.ts', outfile: 'dist/fast-routes.mjs' },
};

const metaFile = (target) => path.join(root, target.outfile.replace(/\.mjs$/, '.meta.json'));

/** Every dependency of package.json except `inline`, as esbuild externals (the package and its subpaths). */
function externalPackages(inline) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies });
  return names.filter((name) => !inline.includes(name)).flatMap((name) => [name, `${name}/*`]);
}

/**
 * An ES module finds `pkg/sub` only through the package's "exports" map; a package without one (next:
 * `next/server`) is imported as CommonJS would find it (`next/server.js`), still from node_modules.
 */
const subpathsOfPackagesWithoutExports = {
  name: 'subpaths-of-packages-without-exports',
  setup(build) {
    build.onResolve({ filter: /^(?:@[^/.][^/]*\/)?[^/.@][^/]*\/./ }, (args) => {
      const name = args.path.split('/').slice(0, args.path.startsWith('@') ? 2 : 1).join('/');
      const load = createRequire(path.join(args.resolveDir || root, 'index.js'));
      let manifest;
      try {
        manifest = load.resolve(`${name}/package.json`);
      } catch {
        return undefined;
      }
      if (JSON.parse(fs.readFileSync(manifest, 'utf8')).exports !== undefined) return undefined;
      const file = path.relative(path.dirname(manifest), load.resolve(args.path)).split(path.sep).join('/');
      return { path: `${name}/${file}`, external: true };
    });
  },
};

/** Compiles one target; writes its outfile and a list of its inputs (for the staleness check). */
export async function bundleTarget(name) {
  const target = targets[name];
  if (!target) throw new Error(`no bundle target ${name} (known: ${Object.keys(targets).join(', ')})`);
  // NOTE: imported here, not at the top, so the staleness check of scripts/engine-cli.mjs stays cheap.
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [target.entry],
    outfile: target.outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    ...(target.inline ? { external: externalPackages(target.inline) } : { packages: 'external' }),
    // NOTE: inlined CommonJS packages call require() (yaml requires 'process'); give the ES module one.
    ...(target.inline ? { banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" } } : {}),
    tsconfig: 'tsconfig.json',
    plugins: [subpathsOfPackagesWithoutExports],
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    write: false,
  });
  const suffix = `.${process.pid}.tmp`;
  const outputs = result.outputFiles.map((file) => ({ path: file.path, contents: file.contents }));
  outputs.push({ path: metaFile(target), contents: JSON.stringify({ inputs: Object.keys(result.metafile.inputs) }, null, 1) });
  // The bundle last: its mtime is what staleTargets compares against, and its arrival says "ready".
  outputs.sort((a, b) => Number(a.path === path.join(root, target.outfile)) - Number(b.path === path.join(root, target.outfile)));
  for (const output of outputs) {
    fs.mkdirSync(path.dirname(output.path), { recursive: true });
    fs.writeFileSync(output.path + suffix, output.contents);
    fs.renameSync(output.path + suffix, output.path);
  }
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
    const watched = [...inputs.filter((file) => !file.startsWith('node_modules/')), 'scripts/bundle.mjs', 'package-lock.json', 'tsconfig.json'];
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
