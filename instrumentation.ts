/** Next runs `register` once when the server starts: the check workers start then, not on the first check. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { checkPool } = await import('./lib/check-pool');
  checkPool().start();
}
