/**
 * A small pool of check workers (lib/check-worker.ts, bundled to dist/check-worker.mjs) with a hard
 * deadline per task. Answer checks, tensor reruns and question files run there, never on the thread that answers
 * requests: a task that overruns its deadline has its worker terminated and replaced, and the caller
 * gets `{kind: 'timeout'}` — other requests go on at their usual speed meanwhile.
 *
 * Limits (all in one place): `CHECK_WORKERS` workers (default 3), a task runs at most its deadline
 * (checks 1 s, question files 10 s: lib/question-families.ts), waits at most `maxWaitMs` (5 s) for a free worker and at most `maxQueued` tasks wait; beyond
 * that the caller gets `{kind: 'busy'}`.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CheckTask, CheckTaskValue, WorkerError, WorkerReply, WorkerRequest } from './check-protocol';

export type PoolOutcome =
  | { readonly kind: 'done'; readonly value: CheckTaskValue }
  | { readonly kind: 'failed'; readonly error: WorkerError }
  | { readonly kind: 'timeout'; readonly elapsedMs: number }
  | { readonly kind: 'busy' };

export interface PoolOptions {
  readonly file: string;
  readonly size: number;
  readonly maxQueued: number;
  readonly maxWaitMs: number;
}

interface Pending {
  readonly id: number;
  readonly task: CheckTask;
  readonly deadlineMs: number;
  readonly resolve: (outcome: PoolOutcome) => void;
  readonly waitTimer: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  running?: { pending: Pending; timer: NodeJS.Timeout; startedMs: number };
}

export class CheckPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;

  constructor(private readonly options: PoolOptions) {}

  /** Runs a task in a worker; never rejects (a worker crash is a 'failed' outcome). */
  run(task: CheckTask, deadlineMs: number): Promise<PoolOutcome> {
    this.fill();
    if (this.queue.length >= this.options.maxQueued) return Promise.resolve({ kind: 'busy' });
    return new Promise((resolve) => {
      const id = this.nextId++;
      const waitTimer = setTimeout(() => {
        const at = this.queue.findIndex((p) => p.id === id);
        if (at >= 0) {
          this.queue.splice(at, 1);
          resolve({ kind: 'busy' });
        }
      }, this.options.maxWaitMs);
      this.queue.push({ id, task, deadlineMs, resolve, waitTimer });
      this.dispatch();
    });
  }

  /** Starts the workers ahead of the first task (server start), so no request waits for one to load. */
  start(): void {
    this.fill();
  }

  /** Ends every worker (tests, shutdown). */
  async close(): Promise<void> {
    const workers = this.slots.splice(0).map((slot) => slot.worker);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private fill(): void {
    while (this.slots.length < this.options.size) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(this.options.file);
    const slot: Slot = { worker, ready: false };
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on('error', (error) => {
      console.error('check worker failed:', error);
      this.replace(slot, { kind: 'failed', error: { name: 'WorkerError', message: 'the check worker failed' } });
    });
    worker.on('exit', () => {
      if (this.slots.includes(slot)) this.replace(slot, { kind: 'failed', error: { name: 'WorkerError', message: 'the check worker stopped' } });
    });
    return slot;
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    if (reply.kind === 'ready') {
      slot.ready = true;
    } else if (slot.running && slot.running.pending.id === reply.id) {
      clearTimeout(slot.running.timer);
      const { pending } = slot.running;
      slot.running = undefined;
      pending.resolve(reply.kind === 'done' ? { kind: 'done', value: reply.value } : { kind: 'failed', error: reply.error });
    }
    this.dispatch();
  }

  /** Takes a worker out (terminated), answers its task with `outcome`, and starts a fresh one. */
  private replace(slot: Slot, outcome: PoolOutcome): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    if (slot.running) {
      clearTimeout(slot.running.timer);
      slot.running.pending.resolve(outcome);
      slot.running = undefined;
    }
    this.slots.splice(at, 1);
    slot.worker.removeAllListeners('exit');
    void slot.worker.terminate();
    // NOTE: a worker that never got ready (a broken bundle) is not restarted in a loop; the next task retries.
    if (slot.ready) this.fill();
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.running) continue;
      const pending = this.queue.shift();
      if (!pending) return;
      clearTimeout(pending.waitTimer);
      const startedMs = performance.now();
      const timer = setTimeout(() => this.replace(slot, { kind: 'timeout', elapsedMs: performance.now() - startedMs }), pending.deadlineMs);
      slot.running = { pending, timer, startedMs };
      slot.worker.postMessage({ id: pending.id, task: pending.task } satisfies WorkerRequest);
    }
  }
}

/** Where the bundled worker is: `CHECK_WORKER_FILE`, else dist/check-worker.mjs in the app's folder. */
export function checkWorkerFile(): string {
  return process.env.CHECK_WORKER_FILE ?? path.join(/* turbopackIgnore: true */ process.cwd(), 'dist', 'check-worker.mjs');
}

function poolSize(): number {
  const configured = Number(process.env.CHECK_WORKERS);
  // NOTE: three, though the machine may have two cores: a worker cut off at its deadline takes 1–3 s to be
  // replaced (load and warm-up), and a third warm worker keeps ordinary checks from waiting for that.
  return Number.isInteger(configured) && configured >= 1 && configured <= 16 ? configured : 3;
}

// NOTE: on globalThis, because Next may load this module once per route bundle; one pool per process.
const shared = Symbol.for('ml-study.check-pool');

/** The process's check pool, started on first use. */
export function checkPool(): CheckPool {
  const holder = globalThis as typeof globalThis & { [shared]?: CheckPool };
  holder[shared] ??= new CheckPool({ file: checkWorkerFile(), size: poolSize(), maxQueued: 64, maxWaitMs: 5_000 });
  return holder[shared];
}
