import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { resetMemberPassword } from '@/lib/group';
import { json, readJson, route } from '@/lib/http';
import { requireApiAdmin } from '@/lib/session';
import { passwordSchema } from '@/lib/validation';

type Context = { params: Promise<{ id: string }> };

/** POST /api/v1/users/:id/password (admin) {password}: sets a member's password; their sessions end. */
export const POST = route(async (request: NextRequest, context: Context) => {
  await requireApiAdmin(request);
  const { password } = await readJson(request, z.object({ password: passwordSchema }));
  await resetMemberPassword((await context.params).id, password);
  return json({ ok: true });
});
