import type { NextRequest } from 'next/server';
import { revokeInvite } from '@/lib/group';
import { json, route } from '@/lib/http';
import { requireApiAdmin } from '@/lib/session';

type Context = { params: Promise<{ id: string }> };

/** DELETE /api/v1/invites/:id (admin): revokes the invite. */
export const DELETE = route(async (request: NextRequest, context: Context) => {
  await requireApiAdmin(request);
  return json(await revokeInvite((await context.params).id, new Date()));
});
