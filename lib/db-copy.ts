// Moving an install between databases (`npm run db:copy`, and the admin backup on PostgreSQL): every row
// of every table of the data model, copied through Prisma from one database to another, SQLite or
// PostgreSQL on either side. The models come from the generated client, so a table added to
// prisma/schema.prisma is copied without a change here.
import fs from 'node:fs';
import path from 'node:path';
import { Prisma } from '@prisma/client';
import { createDbClient } from './db-client';
import { databaseKind, normaliseUrl, redactUrl } from './database-url';
import { rebuildSearchIndex } from './search';
import { dialectOf, type RawSql } from './sql-dialect';

export interface CopyOptions {
  /** Delete what the target holds first; without it a target with any row is refused. */
  readonly replace?: boolean;
  /** Progress lines. */
  readonly log?: (line: string) => void;
}

export interface TableCount {
  readonly model: string;
  readonly source: number;
  readonly target: number;
}

export class CopyRefused extends Error {
  override name = 'CopyRefused';
}

interface Model {
  readonly name: string;
  readonly table: string;
  readonly delegate: string;
  readonly fields: readonly { readonly name: string; readonly type: string; readonly required: boolean }[];
}

/**
 * The Json fields of the source schema that are required (`Json`, not `Json?`), as "Model.field".
 * NOTE: the client's runtime data model leaves out whether a field is optional, so the schema says it.
 */
function requiredJsonFields(): Set<string> {
  const schema = fs.readFileSync(path.join(process.cwd(), 'prisma', 'schema.prisma'), 'utf8');
  const required = new Set<string>();
  for (const [, model, body] of schema.matchAll(/^model\s+(\w+)\s*\{([^}]*)\}/gm)) {
    for (const [, field] of body!.matchAll(/^\s*(\w+)\s+Json(?![?\w])/gm)) required.add(`${model}.${field}`);
  }
  return required;
}

/**
 * Tables the database derives itself (prisma/schema.prisma): triggers fill ReviewTally and CardTally in the
 * target as the Review and ProblemAttempt rows are copied, so they are not copied, only deleted with the rest
 * and their row counts checked.
 */
const derivedModels = new Set(['ReviewTally', 'CardTally']);

/** The data model's tables (not Prisma's own `_prisma_migrations`, not the search index). */
function models(): Model[] {
  const requiredJson = requiredJsonFields();
  return Prisma.dmmf.datamodel.models.map((model) => ({
    name: model.name,
    table: model.dbName ?? model.name,
    delegate: model.name[0]!.toLowerCase() + model.name.slice(1),
    fields: model.fields.filter((field) => field.kind === 'scalar' || field.kind === 'enum').map((field) => ({ name: field.name, type: field.type, required: requiredJson.has(`${model.name}.${field.name}`) })),
  }));
}

interface Delegate {
  count(): Promise<number>;
  findMany(args: object): Promise<Record<string, unknown>[]>;
  createMany(args: { data: Record<string, unknown>[] }): Promise<unknown>;
  deleteMany(): Promise<unknown>;
}

const delegate = (client: RawSql, model: Model) => (client as unknown as Record<string, Delegate>)[model.delegate]!;

/**
 * Foreign keys (child table → parent table) and primary-key columns, as the database declares them.
 * NOTE: catalog names are cast to text: the pg driver adapter reads no `name` columns.
 */
async function describeTables(client: RawSql): Promise<{ parents: Map<string, Set<string>>; keys: Map<string, string[]> }> {
  const parents = new Map<string, Set<string>>();
  const keys = new Map<string, string[]>();
  if (dialectOf(client) === 'postgresql') {
    const foreign = await client.$queryRaw<{ child: string; parent: string }[]>`
      select c.relname::text as child, p.relname::text as parent from pg_constraint k
        join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
        join pg_namespace n on n.oid = c.relnamespace
      where k.contype = 'f' and n.nspname = current_schema()`;
    for (const { child, parent } of foreign) parents.set(child, (parents.get(child) ?? new Set()).add(parent));
    const primary = await client.$queryRaw<{ table_name: string; column_name: string }[]>`
      select c.relname::text as table_name, a.attname::text as column_name from pg_index i
        join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
        join lateral unnest(i.indkey) with ordinality as k(attnum, position) on true
        join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
      where i.indisprimary and n.nspname = current_schema() order by c.relname, k.position`;
    for (const { table_name, column_name } of primary) keys.set(table_name, [...(keys.get(table_name) ?? []), column_name]);
    return { parents, keys };
  }
  for (const model of models()) {
    const foreign = await client.$queryRaw<{ table: string }[]>`select "table" from pragma_foreign_key_list(${model.table})`;
    parents.set(model.table, new Set(foreign.map((row) => row.table)));
    const columns = await client.$queryRaw<{ name: string; pk: bigint | number }[]>`select name, pk from pragma_table_info(${model.table})`;
    keys.set(
      model.table,
      columns.filter((column) => Number(column.pk) > 0).sort((a, b) => Number(a.pk) - Number(b.pk)).map((column) => column.name),
    );
  }
  return { parents, keys };
}

/** Models with every table they refer to before them. */
function parentsFirst(all: readonly Model[], parents: Map<string, Set<string>>): Model[] {
  const byTable = new Map(all.map((model) => [model.table, model]));
  const ordered: Model[] = [];
  const visiting = new Set<string>();
  const visit = (model: Model) => {
    if (ordered.includes(model) || visiting.has(model.table)) return;
    visiting.add(model.table);
    for (const parent of parents.get(model.table) ?? []) {
      const parentModel = byTable.get(parent);
      if (parentModel && parentModel !== model) visit(parentModel);
    }
    ordered.push(model);
  };
  all.forEach(visit);
  return ordered;
}

/** The rows after `last` in primary-key order (keyset paging: every page is an index range). */
function after(key: readonly string[], last: Record<string, unknown> | undefined): object {
  if (!last) return {};
  // (a, b) > (x, y)  ⇔  a > x  or  (a = x and b > y)
  return { OR: key.map((field, i) => ({ ...Object.fromEntries(key.slice(0, i).map((k) => [k, last[k]])), [field]: { gt: last[field] } })) };
}

/**
 * A source row as createMany input: Prisma reads both a JSON `null` and SQL NULL as null, and must be told
 * which to write. A required Json column holds JSON null (e.g. `Review.prevState` of a card's first review);
 * the app writes SQL NULL for an absent optional value.
 */
function insertable(model: Model, row: Record<string, unknown>): Record<string, unknown> {
  const out = { ...row };
  for (const field of model.fields) {
    if (field.type === 'Json' && out[field.name] === null) out[field.name] = field.required ? Prisma.JsonNull : Prisma.DbNull;
  }
  return out;
}

/** PostgreSQL: sequences of autoincrement columns continue after the copied ids. */
async function advanceSequences(target: RawSql): Promise<void> {
  const serial = await target.$queryRaw<{ table_name: string; column_name: string }[]>`
    select table_name::text as table_name, column_name::text as column_name from information_schema.columns
    where table_schema = current_schema() and column_default like 'nextval(%'`;
  for (const { table_name, column_name } of serial) {
    const table = Prisma.raw(`"${table_name.replaceAll('"', '""')}"`);
    const column = Prisma.raw(`"${column_name.replaceAll('"', '""')}"`);
    await target.$queryRaw`select setval(pg_get_serial_sequence(${`"${table_name.replaceAll('"', '""')}"`}, ${column_name}), coalesce((select max(${column}) from ${table}), 0) + 1, false)::text as next`;
  }
}

const hour = 3_600_000;

/**
 * Copies every row of `from` into `to`, in one transaction on each side (a consistent snapshot of the
 * source; the target changes all at once or not at all), then checks each table's row count on both sides
 * and rebuilds the target's search index. Both databases must be migrated to the current schema first
 * (lib/prepare.ts `migrate`).
 */
export async function copyDatabase(fromUrl: string, toUrl: string, options: CopyOptions = {}): Promise<TableCount[]> {
  const log = options.log ?? (() => undefined);
  const [fromNormalised, toNormalised] = [normaliseUrl(fromUrl), normaliseUrl(toUrl)];
  if (fromNormalised === toNormalised) throw new CopyRefused('the source and the target are the same database');
  const source = createDbClient(fromNormalised);
  const target = createDbClient(toNormalised);
  try {
    const all = models();
    const { parents, keys } = await describeTables(target);
    const ordered = parentsFirst(all, parents);
    const counts = await source.$transaction(
      (src) =>
        target.$transaction(
          async (dst) => {
            const present = await Promise.all(ordered.map(async (model) => [model.name, await delegate(dst, model).count()] as const));
            const occupied = present.filter(([, n]) => n > 0);
            if (occupied.length > 0 && !options.replace) {
              throw new CopyRefused(
                `the target ${redactUrl(toNormalised)} is not empty (${occupied.map(([name, n]) => `${name}: ${n}`).join(', ')}); ` +
                  'copy into an empty database, or pass --replace to delete what it holds',
              );
            }
            for (const model of [...ordered].reverse()) await delegate(dst, model).deleteMany();
            const copied: { model: string; source: number }[] = [];
            for (const model of ordered) {
              if (derivedModels.has(model.name)) continue;
              const key = (keys.get(model.table) ?? []).filter((column) => model.fields.some((field) => field.name === column));
              const orderBy = (key.length > 0 ? key : model.fields.map((field) => field.name)).map((field) => ({ [field]: 'asc' }));
              // NOTE: bound parameters per statement: SQLite allows 32766, PostgreSQL 65535.
              const pageSize = Math.max(1, Math.min(1000, Math.floor(30_000 / Math.max(1, model.fields.length))));
              let total = 0;
              let last: Record<string, unknown> | undefined;
              for (;;) {
                const rows = await delegate(src, model).findMany({ where: key.length > 0 ? after(key, last) : {}, orderBy, take: pageSize, ...(key.length > 0 ? {} : { skip: total }) });
                if (rows.length === 0) break;
                await delegate(dst, model).createMany({ data: rows.map((row) => insertable(model, row)) });
                total += rows.length;
                last = rows.at(-1);
                if (rows.length < pageSize) break;
              }
              log(`${model.name}: ${total} rows`);
              copied.push({ model: model.name, source: await delegate(src, model).count() });
            }
            for (const model of ordered.filter((m) => derivedModels.has(m.name))) {
              const source = await delegate(src, model).count();
              log(`${model.name}: ${source} rows (derived by the database)`);
              copied.push({ model: model.name, source });
            }
            if (dialectOf(dst) === 'postgresql') await advanceSequences(dst);
            return copied;
          },
          { timeout: hour, maxWait: 60_000 },
        ),
      { timeout: hour, maxWait: 60_000, ...(databaseKind(fromNormalised) === 'postgresql' ? { isolationLevel: 'RepeatableRead' as Prisma.TransactionIsolationLevel } : {}) },
    );
    const checked = await Promise.all(counts.map(async (row) => ({ ...row, target: await delegate(target, all.find((m) => m.name === row.model)!).count() })));
    const wrong = checked.filter((row) => row.source !== row.target);
    if (wrong.length > 0) throw new Error(`row counts differ after the copy: ${wrong.map((row) => `${row.model} ${row.source} → ${row.target}`).join(', ')}`);
    await rebuildSearchIndex(target);
    return checked;
  } finally {
    await Promise.all([source.$disconnect(), target.$disconnect()]);
  }
}
