import type { NextRequest } from 'next/server';
import { json, route } from '@/lib/http';
import { progressDetail, topicProgress } from '@/lib/progress';
import { detailQuery } from '@/lib/progress-query';
import { requireApiUser } from '@/lib/session';

/**
 * GET /api/v1/progress → {topics:[{slug,cards,reviewed,due,recall,accuracy,learned,dueThisWeek,attempts}]};
 * with ?detail=1 also {today, streak, forecast, heatmap, buttons, retention:{weeks,months}}.
 */
export const GET = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  const now = new Date();
  return json(detailQuery(request) ? await progressDetail(user, now) : { topics: await topicProgress(user, now) });
});
