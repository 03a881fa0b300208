// Ranks a V8 .cpuprofile (e.g. from `npm run bench:http -- --profile DIR`):
//   node bench/profile-summary.mjs DIR/server.cpuprofile [top]
// prints self time by package (node_modules/<name>, node: internals, the app's chunks) and the functions
// with the most inclusive time, as a share of the samples that were not idle.
import fs from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 25);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const where = (frame) => {
  const url = frame.url || '';
  if (!url) return `(${frame.functionName || 'native'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  return url.replace(/^file:\/\/.*?\.next\//, '.next/');
};
const idle = new Set(['(idle)', '(program)', '(garbage collector)']);
let busy = 0;
const byWhere = new Map();
const inclusive = new Map();
for (const [id, us] of self) {
  const node = nodes.get(id);
  const name = node.callFrame.functionName;
  if (name === '(idle)') continue;
  busy += us;
  const key = idle.has(name) ? name : where(node.callFrame);
  byWhere.set(key, (byWhere.get(key) ?? 0) + us);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const f = nodes.get(at).callFrame;
    const label = `${f.functionName || '(anonymous)'} ${where(f)}:${f.lineNumber + 1}`;
    if (seen.has(label)) continue;
    seen.add(label);
    inclusive.set(label, (inclusive.get(label) ?? 0) + us);
  }
}
const pct = (us) => `${((100 * us) / busy).toFixed(1)}%`.padStart(6);
console.log(`busy (not idle) ${(busy / 1000).toFixed(0)} ms of ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms profiled`);
console.log('\nself time by where:');
for (const [k, us] of [...byWhere].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)} ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
console.log('\ninclusive time by function:');
for (const [k, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)} ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
