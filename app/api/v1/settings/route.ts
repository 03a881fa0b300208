import type { NextRequest } from 'next/server';
import { json, readJson, route } from '@/lib/http';
import { requireApiUser } from '@/lib/session';
import { getSettings, settingsPatchSchema, updateSettings } from '@/lib/settings';

/** GET /api/v1/settings → the caller's study settings. */
export const GET = route(async (request: NextRequest) => json(await getSettings((await requireApiUser(request)).id)));

/** PATCH /api/v1/settings {newPerDay?, reviewsPerDay?, dayStartHour?, timeZone?, desiredRetention?, shareProgress?}. */
export const PATCH = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  return json(await updateSettings(user.id, await readJson(request, settingsPatchSchema)));
});
