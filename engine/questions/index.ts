/**
 * Question files: exercise families as data (YAML), compiled into the engine's family protocol.
 * See docs/QUESTIONS.md for the format.
 */
export { compileQuestionFile, versionOf, MAX_REDRAWS, type CompiledQuestion, type CompileResult } from './compile';
export { runQuestionTests, acceptQuestionFile, type AcceptResult, type TestReport, type TestSummary, type TestRunOptions } from './check';
export { readQuestionFile, FILE_LIMITS, type QuestionProblem, type QuestionSpec } from './schema';
export { EVAL_LIMITS } from './interpret';
export { QuestionError, BudgetError, QuestionParamsError } from './errors';
export { QUESTION_MESSAGES_EN, englishOf, msg, renderMessage, type MessageArg, type MessageArgs, type QuestionMessage, type QuestionMessageCode } from './messages';
