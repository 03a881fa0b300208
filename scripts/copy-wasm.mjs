// Copies TensorFlow.js's WebAssembly binaries into public/tfjs/, where the practice pages load them
// from (`setWasmPaths('/tfjs/')`): Next's bundlers do not serve a package's .wasm files by themselves.
// Run by scripts/start.mjs and scripts/test.mjs before `next build`; safe to run again.
import fs from 'node:fs';
import path from 'node:path';

const source = path.join('node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
const target = path.join('public', 'tfjs');

export function copyWasm() {
  const files = fs.readdirSync(source).filter((name) => name.endsWith('.wasm'));
  if (files.length === 0) throw new Error(`no .wasm files in ${source}: is @tensorflow/tfjs-backend-wasm installed?`);
  fs.mkdirSync(target, { recursive: true });
  for (const name of files) {
    const from = path.join(source, name);
    const to = path.join(target, name);
    // NOTE: copying only what changed keeps public/'s mtime still, so start.mjs does not rebuild for nothing.
    const same = fs.existsSync(to) && fs.statSync(to).size === fs.statSync(from).size && fs.readFileSync(to).equals(fs.readFileSync(from));
    if (!same) fs.copyFileSync(from, to);
  }
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(`copied ${copyWasm().join(', ')} to ${target}`);
