import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { createInvite, listInvites } from '@/lib/group';
import { json, readJson, route } from '@/lib/http';
import { requireApiAdmin } from '@/lib/session';

const body = z.object({
  maxUses: z.number().int().min(1).max(1000).default(1),
  expiresInDays: z.number().int().min(1).max(365).nullable().default(7),
});

/** POST /api/v1/invites (admin) {maxUses?, expiresInDays?} → 201 {code, id, expiresAt, maxUses, ...}. */
export const POST = route(async (request: NextRequest) => {
  const admin = await requireApiAdmin(request);
  const hasBody = (request.headers.get('content-length') ?? '0') !== '0' || request.headers.has('transfer-encoding');
  const options = hasBody ? await readJson(request, body) : body.parse({});
  return json(await createInvite(admin.id, options, new Date()), 201);
});

/** GET /api/v1/invites (admin) → every invite with its state. */
export const GET = route(async (request: NextRequest) => {
  await requireApiAdmin(request);
  return json(await listInvites(new Date()));
});
