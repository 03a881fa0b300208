import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { json, readJson, route } from '@/lib/http';
import { requireApiUser } from '@/lib/session';
import { checkProblem } from '@/lib/study';

const answerText = z.string().max(4000);
const body = z.object({
  cardId: z.string().min(1).max(200),
  answer: z.union([answerText, z.record(z.string().max(64), answerText)]),
  seed: z.number().int().min(0).optional(),
  reveal: z.boolean().optional(),
});

/**
 * POST /api/v1/check {cardId, answer, seed?, reveal?}: checks an exercise answer without recording a review.
 * The check runs in a worker with a 1 s deadline (lib/answer-checks.ts): an answer the engine cannot decide
 * in its budget, or in time, answers 200 `{kind: 'invalid', note: 'undecided', correct: false, message}` —
 * "could not check this answer", not an attempt. 503 (Retry-After) when every worker is busy for long.
 */
export const POST = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  const { cardId, answer, seed, reveal } = await readJson(request, body);
  return json(await checkProblem(user, cardId, answer, seed, reveal ?? false));
});
