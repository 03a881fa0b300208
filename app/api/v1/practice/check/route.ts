import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { json, readJson, route } from '@/lib/http';
import { requireApiUser } from '@/lib/session';
import { checkPractice, maxSeed } from '@/lib/tensor-runs';

const answerText = z.string().max(4000);
const body = z.object({
  family: z.string().min(1).max(100),
  seed: z.number().int().min(0).max(maxSeed),
  level: z.enum(['easy', 'medium', 'hard']),
  params: z.record(z.string().max(40), z.unknown()).optional(),
  answer: z.union([answerText, z.record(z.string().max(64), answerText)]),
  reveal: z.boolean().optional(),
});

/**
 * POST /api/v1/practice/check {family, seed, level, params?, answer, reveal?}: checks a practice answer; records
 * nothing. The check runs in a worker with a 1 s deadline: an answer it cannot decide in time answers 200
 * `{kind: 'invalid', note: 'undecided', correct: false, message}` ("could not check this answer").
 */
export const POST = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  const input = await readJson(request, body);
  return json(await checkPractice(input, user.lang === 'en' ? 'en' : 'zh'));
});
