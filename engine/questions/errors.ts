import { ContentError, InvalidParamsError } from '../errors';
import { englishOf, type QuestionMessage } from './messages';

/**
 * A problem with a question file or with evaluating it (bad syntax, unknown name, budget exceeded,
 * unsatisfiable `where`). `path` locates it in the file (`['variables', 'a']`) when known; `detail`
 * is the message as data (code and args), `message` its English text.
 */
export class QuestionError extends ContentError {
  readonly path: readonly (string | number)[];
  readonly detail: QuestionMessage;
  constructor(detail: QuestionMessage, path: readonly (string | number)[] = []) {
    super(englishOf(detail));
    this.name = 'QuestionError';
    this.path = path;
    this.detail = detail;
  }
  /** The same error, located at `path` (unless it already has a location). */
  at(path: readonly (string | number)[]): QuestionError {
    return this.path.length > 0 ? this : new QuestionError(this.detail, path);
  }
}

/** A budget (work, size, redraws) ran out: always a clear, bounded failure. */
export class BudgetError extends QuestionError {
  constructor(detail: QuestionMessage, path: readonly (string | number)[] = []) {
    super(detail, path);
    this.name = 'BudgetError';
  }
  override at(path: readonly (string | number)[]): QuestionError {
    return this.path.length > 0 ? this : new BudgetError(this.detail, path);
  }
}

/** Params of a question family that cannot be evaluated: an InvalidParamsError that keeps its message as data. */
export class QuestionParamsError extends InvalidParamsError {
  readonly detail: QuestionMessage;
  constructor(detail: QuestionMessage) {
    super(englishOf(detail));
    this.name = 'QuestionParamsError';
    this.detail = detail;
  }
}
