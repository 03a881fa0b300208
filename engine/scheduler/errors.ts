import { EngineError } from '../errors';

/** What a scheduler call got wrong; stable codes a caller can switch on. */
export type SchedulerErrorReason =
  | 'desired-retention'
  | 'weights'
  | 'steps'
  | 'maximum-interval'
  | 'settings'
  | 'rating'
  | 'date'
  | 'memory'
  | 'reviews'
  | 'model'
  | 'fsrs';

/**
 * A scheduler call with arguments that break its contract (a desired retention of 1.2, 19 weights, a
 * rating of 5, `now` before the card's last review, a malformed recall model). These are bugs in the
 * caller, not learner input, so they throw. `code` is the engine-wide `'invalid-params'`; `reason`
 * says which argument.
 *
 * @example
 * try { resolveSchedulerSettings({ desiredRetention: 1.2 }); }
 * catch (e) { if (e instanceof SchedulerError) e.reason; } // 'desired-retention'
 */
export class SchedulerError extends EngineError {
  readonly reason: SchedulerErrorReason;
  constructor(reason: SchedulerErrorReason, message: string, options?: { cause?: unknown }) {
    super('invalid-params', message);
    this.reason = reason;
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
