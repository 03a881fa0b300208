import type { NextRequest } from 'next/server';
import { json, route } from '@/lib/http';
import { optimizeScheduler } from '@/lib/optimize';
import { requireApiUser } from '@/lib/session';

/** POST /api/v1/me/scheduler: fits FSRS weights to the caller's history; answers before/after log loss. */
export const POST = route(async (request: NextRequest) => json(await optimizeScheduler(await requireApiUser(request))));
