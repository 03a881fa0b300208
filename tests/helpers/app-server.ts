import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface AppServer {
  readonly baseUrl: string;
  /** The server's database: a fresh SQLite file, or a fresh PostgreSQL database in the PostgreSQL run. */
  readonly database: TestDatabase;
  /** Ends the server (SIGTERM, or SIGKILL: no shutdown at all) and, unless it was shared, drops its database. */
  /** The process `npm start` runs as (scripts/start.mjs; the server, dist/server.mjs, is its child). */
  readonly pid: number;
  /** What the server has printed so far (stdout and stderr). */
  output(): string;
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

export interface AppServerOptions {
  /** Serve this database (shared with other servers; not dropped at stop) instead of a fresh one. */
  readonly database?: TestDatabase;
  /** Stop without dropping the database (a fresh one), e.g. to copy it afterwards. */
  readonly keepDatabase?: boolean;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts the built app the way a user does (`npm start`: migrations, content, serve) on a fresh database
 * (tests/helpers/test-database.ts: a SQLite file in a temp dir, or a PostgreSQL database). Needs a
 * production build (`npm test` makes one first). `env` adds settings (e.g. `TRUST_PROXY`; `PORT` chooses the port, else a free one).
 */
export async function startAppServer(env: Readonly<Record<string, string>> = {}, options: AppServerOptions = {}): Promise<AppServer> {
  const database = options.database ?? (await createTestDatabase());
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), NODE_ENV: 'production', STUDY_NO_BUILD: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // NOTE: its own process group, so that SIGKILL reaches the server that npm start's launcher runs.
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      if (!options.database && !options.keepDatabase) await database.drop();
      throw new Error(`the app exited (${child.exitCode}):\n${output}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/v1/me`);
      if (response.status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app did not start in time:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    baseUrl,
    database,
    pid: child.pid!,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      const exited = new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
      if (signal === 'SIGKILL') process.kill(-child.pid!, 'SIGKILL');
      else child.kill(signal);
      await exited;
      if (!options.database && !options.keepDatabase) await database.drop();
    },
  };
}

/** A tiny cookie-keeping client for the JSON API. */
export class ApiClient {
  private cookie = '';

  constructor(readonly baseUrl: string) {}

  /** A client with this one's session, talking to another server (another app process on the same database). */
  at(baseUrl: string): ApiClient {
    const other = new ApiClient(baseUrl);
    other.cookie = this.cookie;
    return other;
  }

  /** The `name=value` cookie this client holds (to fetch pages as the same user). */
  get sessionCookie(): string {
    return this.cookie;
  }

  async call(method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.baseUrl}/api/v1${route}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0] ?? '';
      this.cookie = pair.endsWith('=') ? '' : pair;
    }
    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: response.status, headers: response.headers, body: json as Record<string, unknown> & unknown[] };
  }
}
