import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { setUserRole } from '@/lib/authoring';
import { setMemberDisabled } from '@/lib/group';
import { HttpError, json, readJson, route } from '@/lib/http';
import { requireApiAdmin } from '@/lib/session';

type Context = { params: Promise<{ id: string }> };

const body = z.strictObject({ disabled: z.boolean().optional(), role: z.enum(['editor', 'member']).optional() });

/** PATCH /api/v1/users/:id (admin) {disabled?, role?}: disables or re-enables a member; makes a member an editor or back. */
export const PATCH = route(async (request: NextRequest, context: Context) => {
  const admin = await requireApiAdmin(request);
  const { disabled, role } = await readJson(request, body);
  if (disabled === undefined && role === undefined) throw new HttpError(400, 'give disabled or role');
  const id = (await context.params).id;
  if (role !== undefined) await setUserRole(admin.id, id, role);
  if (disabled !== undefined) await setMemberDisabled(admin.id, id, disabled, new Date());
  return json({ ok: true });
});
