import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { json, readJson, route } from '@/lib/http';
import { requireApiUser } from '@/lib/session';
import { maxSeed, recheckRun } from '@/lib/tensor-runs';

const body = z.object({
  family: z.string().min(1).max(100),
  seed: z.number().int().min(0).max(maxSeed),
  level: z.enum(['easy', 'medium', 'hard']),
  params: z.record(z.string().max(40), z.unknown()).optional(),
  // NOTE: the backends TensorFlow.js names; anything else is not a run the page made.
  backend: z.enum(['wasm', 'cpu', 'webgl', 'webgpu']),
  ms: z.number().finite().min(0).max(3_600_000),
  measured: z.record(z.string().max(40), z.unknown()),
});

/**
 * POST /api/v1/tensor-runs {family, seed, level, params?, backend, ms, measured}: the server reruns
 * the seeded tensor program (cpu backend) and accepts the report only when the figures match.
 */
export const POST = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  const report = await readJson(request, body);
  return json(await recheckRun(user.id, report, Date.now()));
});
