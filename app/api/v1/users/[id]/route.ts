import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { setMemberDisabled } from '@/lib/group';
import { json, readJson, route } from '@/lib/http';
import { requireApiAdmin } from '@/lib/session';

type Context = { params: Promise<{ id: string }> };

/** PATCH /api/v1/users/:id (admin) {disabled}: disables or re-enables a member. */
export const PATCH = route(async (request: NextRequest, context: Context) => {
  const admin = await requireApiAdmin(request);
  const { disabled } = await readJson(request, z.object({ disabled: z.boolean() }));
  await setMemberDisabled(admin.id, (await context.params).id, disabled, new Date());
  return json({ ok: true });
});
