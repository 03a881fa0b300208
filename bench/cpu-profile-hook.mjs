// `npm run bench:http -- --profile DIR`: loaded into the app's processes through NODE_OPTIONS=--import
// (Node refuses --cpu-prof there). In the server's main thread only (dist/server.mjs), it writes DIR/server.pid and
// toggles a V8 CPU profile on SIGUSR2: the first signal starts it, the second writes DIR/server.cpuprofile.
import fs from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

const dir = process.env.STUDY_PROFILE_DIR;
if (dir && isMainThread && /[/\\]dist[/\\]server\.mjs$/.test(process.argv[1] ?? '')) {
  const session = new Session();
  session.connect();
  let running = false;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'server.pid'), String(process.pid));
  process.on('SIGUSR2', () => {
    if (!running) {
      running = true;
      session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start')));
      return;
    }
    running = false;
    session.post('Profiler.stop', (error, result) => {
      if (!error) fs.writeFileSync(path.join(dir, 'server.cpuprofile'), JSON.stringify(result.profile));
    });
  });
}
