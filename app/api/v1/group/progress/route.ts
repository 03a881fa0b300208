import type { NextRequest } from 'next/server';
import { groupActivity, groupProgress } from '@/lib/group-progress';
import { json, route } from '@/lib/http';
import { detailQuery } from '@/lib/progress-query';
import { requireApiUser } from '@/lib/session';

/**
 * GET /api/v1/group/progress → {group:{id,name}, members:[{username,you,shared,streak?,reviewsThisWeek?,topics?}],
 * topics:[{slug,cards,members,reviewed,learned,recall,accuracy}]}: figures only of members who share their
 * progress; with ?detail=1 also {activity:{heatmap,buttons,retention}} of the sharing members together.
 */
export const GET = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  const now = new Date();
  const progress = await groupProgress(user, now);
  return json(detailQuery(request) ? { ...progress, activity: await groupActivity(user, now) } : progress);
});
