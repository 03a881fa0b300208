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

/** POST /api/v1/practice/check {family, seed, level, params?, answer, reveal?}: checks a practice answer; records nothing. */
export const POST = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  const input = await readJson(request, body);
  return json(checkPractice(input, user.lang === 'en' ? 'en' : 'zh'));
});
