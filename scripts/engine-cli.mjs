// `npm run -s engine -- …` (DESIGN.md, "Engine batch interface"): runs the engine CLI compiled to
// dist/engine.mjs by scripts/bundle.mjs (at `npm install`, `npm run build`, `npm start`, `npm test`),
// so no TypeScript is compiled at start-up. If the bundle is missing or older than its sources (say,
// after editing engine/ or problems/), it is rebuilt first, with a note on stderr; if that fails,
// the CLI stops with the reason and how to build by hand.
import { bundleTarget, staleTargets } from './bundle.mjs';

if (staleTargets(['engine']).length > 0) {
  process.stderr.write('engine: dist/engine.mjs is missing or older than its sources; building it ...\n');
  try {
    await bundleTarget('engine');
  } catch (error) {
    process.stderr.write(
      `engine: cannot build dist/engine.mjs (${error instanceof Error ? error.message : String(error)}).\n` +
        'Run `node scripts/bundle.mjs engine` (or `npm run build:worker`) and try again.\n',
    );
    process.exit(1);
  }
}
// NOTE: the CLI reads process.argv[2] as its command; node's argv here is [node, engine-cli.mjs, ...args].
await import('../dist/engine.mjs');
