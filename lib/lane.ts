/**
 * A lane: at most `concurrency` tasks of one kind at a time in this process, at most `maxWaiting`
 * waiting (each at most `maxWaitMs`); beyond that the caller is told the lane is busy. It keeps one
 * kind of heavy work (question files) from taking every check worker at once.
 */
export interface LaneOptions {
  readonly concurrency: number;
  readonly maxWaiting: number;
  readonly maxWaitMs: number;
}

export type LaneOutcome<T> = { readonly kind: 'done'; readonly value: T } | { readonly kind: 'busy' };

export class Lane {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(private readonly options: LaneOptions) {}

  /** Runs `work` when the lane has room; 'busy' when too many wait or the wait is too long. */
  async run<T>(work: () => Promise<T>): Promise<LaneOutcome<T>> {
    if (this.#running >= this.options.concurrency) {
      if (this.#waiting.length >= this.options.maxWaiting) return { kind: 'busy' };
      const admitted = await new Promise<boolean>((resolve) => {
        const enter = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          const at = this.#waiting.indexOf(enter);
          if (at >= 0) this.#waiting.splice(at, 1);
          resolve(false);
        }, this.options.maxWaitMs);
        this.#waiting.push(enter);
      });
      if (!admitted) return { kind: 'busy' };
    } else {
      this.#running++;
    }
    try {
      return { kind: 'done', value: await work() };
    } finally {
      // NOTE: the slot passes straight to the next waiter (the count stays), so no newcomer can overtake it.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
