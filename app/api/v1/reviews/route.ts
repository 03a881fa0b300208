import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { HttpError, json, readJson, route } from '@/lib/http';
import { requireApiUser } from '@/lib/session';
import { recordReview, reviewLogCsv } from '@/lib/study';

const answerText = z.string().max(4000);
const body = z.object({
  id: z.uuid('id must be a UUID chosen by the client'),
  cardId: z.string().min(1).max(200),
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
  answer: z.union([answerText, z.record(z.string().max(64), answerText)]).optional(),
  durationMs: z.number().int().min(0).max(86_400_000).optional(),
  reviewedAt: z.iso.datetime({ offset: true, message: 'reviewedAt must be an ISO 8601 date-time' }).transform((text) => new Date(text)).optional(),
});

/**
 * POST /api/v1/reviews {id,cardId,rating?,answer?,durationMs?,reviewedAt?}: idempotent by `id`.
 * `reviewedAt` (an extension of DESIGN.md's call): when the learner graded the card, by the client's clock,
 * so a review sent later from the offline outbox keeps its time. It is bounded (lib/review-transition.ts
 * `reviewTime`): a time after the server's now counts as now, one before the card's last review as that
 * review, one more than 30 days ago as 30 days ago. Without it the review counts at the server's time.
 * For a problem card the answer is checked in a worker first (1 s deadline). An answer that cannot be read,
 * or that could not be checked in time ("could not check this answer"), is not a review: 422 {error: message},
 * nothing recorded. The rating of a problem card is derived on the server: a wrong answer, or none, is 1
 * (Again) whatever `rating` says; a right answer keeps `rating` (default 3).
 */
export const POST = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  const input = await readJson(request, body);
  return json(await recordReview(user, input, new Date()));
});

/** GET /api/v1/reviews?format=csv → the caller's review log as FSRS revlog CSV. */
export const GET = route(async (request: NextRequest) => {
  const user = await requireApiUser(request);
  const format = request.nextUrl.searchParams.get('format') ?? 'csv';
  if (format !== 'csv') throw new HttpError(400, 'format must be csv');
  return new Response(await reviewLogCsv(user), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="revlog.csv"', 'cache-control': 'no-store' },
  });
});
