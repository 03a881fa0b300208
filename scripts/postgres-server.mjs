// A throw-away PostgreSQL server for tests and benchmarks: Debian's server binaries (installed with apt-get
// when missing and run as root), a fresh cluster in a temporary directory, a free port on 127.0.0.1, trust
// authentication. `stop()` ends the server and deletes the directory.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** The newest installed PostgreSQL server's bin directory (Debian layout), or null. */
function findServerBin() {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN;
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((name) => fs.existsSync(path.join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? path.join(root, versions[0], 'bin') : null;
}

/** The server binaries, installing Debian's `postgresql` package first when missing and allowed (root). */
export function ensurePostgresBinaries() {
  const found = findServerBin();
  if (found) return found;
  if (isRoot && fs.existsSync('/usr/bin/apt-get')) {
    console.log("PostgreSQL is missing: installing Debian's postgresql package with apt-get ...");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-qq'], { stdio: 'inherit', env }).ok && run('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: 'inherit', env }).ok) {
      const installed = findServerBin();
      if (installed) return installed;
    }
  }
  throw new Error(
    'The PostgreSQL tests need the PostgreSQL server binaries (/usr/lib/postgresql/<version>/bin), and they are not there.\n' +
      'Install them with:  sudo apt-get install -y postgresql   (or set POSTGRES_BIN to a directory holding initdb and pg_ctl)',
  );
}

/** A port nobody listens on now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Starts a fresh cluster. `settings` are extra server settings (`-c name=value`), e.g. `{ fsync: 'off' }`
 * for tests that never need the data after a crash of the machine.
 * Returns `{ url, port, dir, stop }`; `url` names the `postgres` database as the superuser `postgres`.
 */
export async function startPostgres({ settings = {}, port } = {}) {
  const bin = ensurePostgresBinaries();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'study-pg-'));
  // NOTE: initdb refuses to run as root; as root the cluster belongs to the `postgres` user Debian's package makes.
  const asOwner = (command, args) => (isRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args]) : run(command, args));
  if (isRoot) run('chown', ['postgres:', dir]);
  const data = path.join(dir, 'data');
  const init = asOwner(path.join(bin, 'initdb'), ['-D', data, '--auth=trust', '-U', 'postgres', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
  if (!init.ok) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed:\n${init.output}`);
  }
  const options = { listen_addresses: '127.0.0.1', max_connections: '300', unix_socket_directories: dir, ...settings };
  for (let attempt = 0; ; attempt++) {
    const chosen = port ?? (await freePort());
    const flags = [`-p ${chosen}`, ...Object.entries(options).map(([name, value]) => `-c ${name}=${value}`)].join(' ');
    const started = asOwner(path.join(bin, 'pg_ctl'), ['-D', data, '-w', '-t', '60', '-l', path.join(dir, 'log'), '-o', flags, 'start']);
    if (started.ok) {
      const stop = () => {
        asOwner(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
        fs.rmSync(dir, { recursive: true, force: true });
      };
      return { url: `postgresql://postgres@127.0.0.1:${chosen}/postgres`, port: chosen, dir, stop };
    }
    // NOTE: another process may have taken the port between the check and the start: try another one.
    if (port !== undefined || attempt >= 3) {
      const log = fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8') : '';
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`pg_ctl start failed:\n${started.output}\n${log}`);
    }
  }
}

/** The URL of another database on the same server: `withDatabase('postgresql://…/postgres', 'study_1')`. */
export function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}
