import type { NextRequest } from 'next/server';
import { backupDatabase } from '@/lib/backup';
import { route } from '@/lib/http';
import { requireApiAdmin } from '@/lib/session';

/** GET /api/v1/admin/backup (admin) → a consistent SQLite copy of the database as a download. */
export const GET = route(async (request: NextRequest) => {
  await requireApiAdmin(request);
  const bytes = await backupDatabase();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return new Response(new Uint8Array(bytes), {
    headers: {
      'content-type': 'application/vnd.sqlite3',
      'content-disposition': `attachment; filename="study-backup-${stamp}.db"`,
      'cache-control': 'no-store',
    },
  });
});
