// Preloaded into the Prisma CLI (lib/migrations.ts): Prisma 6.19's WebAssembly schema engine races each
// database call against a 10-second timer and never clears the timer, so the CLI process stays alive up to
// 10 s after its work is done. Timers the engine starts are unref'd: they no longer keep the process
// alive, while the call they race against (a socket, or a synchronous SQLite call) still does. Whatever
// the CLI reports, the caller then checks that no migration is left pending.
const startTimer = global.setTimeout;
global.setTimeout = function setTimeout(...args) {
  const timer = startTimer.apply(this, args);
  if (Number(args[1]) >= 5000 && /wasm:\/\//.test(new Error().stack ?? '')) timer.unref();
  return timer;
};
