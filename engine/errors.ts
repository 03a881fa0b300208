/**
 * Errors the engine throws. Bad learner input is never an exception (it is a `CheckResult` of kind
 * `'invalid'`); these are for bugs in content or code, and for callers that pass bad arguments
 * (invalid family params, a non-integer seed). Every error carries a stable `code`.
 */
export type EngineErrorCode =
  | 'invalid-params'
  | 'invalid-seed'
  | 'unknown-family'
  | 'content'
  | 'internal';

/** Base class of everything the engine throws on purpose. */
export class EngineError extends Error {
  readonly code: EngineErrorCode;
  constructor(code: EngineErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Params given to a family do not satisfy its contract (wrong type, out of range, too large). */
export class InvalidParamsError extends EngineError {
  constructor(message: string) {
    super('invalid-params', message);
  }
}

/** A seed that is not an integer. */
export class InvalidSeedError extends EngineError {
  constructor(message: string) {
    super('invalid-seed', message);
  }
}

/** No family with that id in the registry. */
export class UnknownFamilyError extends EngineError {
  constructor(id: string) {
    super('unknown-family', `unknown family ${JSON.stringify(id.slice(0, 80))}`);
  }
}

/** A family's own data is wrong: an exact value that does not parse, an example with a bad verdict. */
export class ContentError extends EngineError {
  constructor(message: string) {
    super('content', message);
  }
}

/** A broken invariant inside the engine. */
export class InternalError extends EngineError {
  constructor(message: string) {
    super('internal', message);
  }
}
