// What a database error means for the client (no imports: lib/http.ts, and with it proxy.ts, load this).
/**
 * Whether a database error is PostgreSQL refusing text with a NUL character (SQLSTATE 22021): SQLite stores
 * U+0000 in text, PostgreSQL never does. The app answers it as bad input (lib/http.ts), not as a failure.
 */
export function isNulCharacterError(error: unknown): boolean {
  const codes = (value: unknown, depth = 0): unknown[] => {
    if (!value || typeof value !== 'object' || depth > 4) return [];
    const record = value as { code?: unknown; originalCode?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    return [record.code, record.originalCode, ...codes(record.cause, depth + 1), ...codes(record.meta?.driverAdapterError, depth + 1)];
  };
  return codes(error).includes('22021');
}
