// Types of scripts/postgres-server.mjs (plain JavaScript, so that scripts/test.mjs runs it without tsx).
export interface PostgresServer {
  /** The `postgres` database as the superuser `postgres` (trust authentication on 127.0.0.1). */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Ends the server and deletes its directory. */
  stop(): void;
}
export function ensurePostgresBinaries(): string;
export function freePort(): Promise<number>;
export function startPostgres(options?: { settings?: Record<string, string>; port?: number }): Promise<PostgresServer>;
export function withDatabase(url: string, name: string): string;
