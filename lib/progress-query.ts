import type { NextRequest } from 'next/server';
import { HttpError } from './http';

/** Whether a progress request asks for `?detail=1` (also accepted: 0, or nothing); anything else is a 400. */
export function detailQuery(request: NextRequest): boolean {
  const detail = request.nextUrl.searchParams.get('detail');
  if (detail !== null && detail !== '0' && detail !== '1') throw new HttpError(400, 'detail must be 0 or 1');
  return detail === '1';
}
