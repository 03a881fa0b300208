import { ContentError } from '../errors';

/**
 * A problem with a question file or with evaluating it (bad syntax, unknown name, budget exceeded,
 * unsatisfiable `where`). `path` locates it in the file (`['variables', 'a']`) when known.
 */
export class QuestionError extends ContentError {
  readonly path: readonly (string | number)[];
  constructor(message: string, path: readonly (string | number)[] = []) {
    super(message);
    this.name = 'QuestionError';
    this.path = path;
  }
  /** The same error, located at `path` (unless it already has a location). */
  at(path: readonly (string | number)[]): QuestionError {
    return this.path.length > 0 ? this : new QuestionError(this.message, path);
  }
}

/** A budget (work, size, redraws) ran out: always a clear, bounded failure. */
export class BudgetError extends QuestionError {
  constructor(message: string, path: readonly (string | number)[] = []) {
    super(message, path);
    this.name = 'BudgetError';
  }
  override at(path: readonly (string | number)[]): QuestionError {
    return this.path.length > 0 ? this : new BudgetError(this.message, path);
  }
}
