import { PrismaPg } from '@prisma/adapter-pg';

// NOTE: Prisma 6.19's WebAssembly schema engine reads PostgreSQL's catalogs through the pg driver adapter,
// and the adapter rejects the catalogs' `name` and `"char"` columns (prisma/prisma#27403: "Column type
// 'name' could not be deserialized"). Both are text on the wire, so the result columns are declared text
// before the adapter maps their types. Only the Prisma CLI (prisma.config.ts) uses this; the app's own
// queries never read catalog types.
const catalogTextTypes = new Set([18 /* "char" */, 19 /* name */]);
const textType = 25;

interface QueryResult {
  fields: { dataTypeID: number }[];
}

type Queryable = { performIO(query: unknown): Promise<QueryResult> };
type ScriptRunner = { client: { query(text: string): Promise<unknown> }; onError(error: unknown): never; executeScript(script: string): Promise<void> };

let patched = false;

/**
 * A PrismaPg adapter factory whose connections read `name` and `"char"` columns as text, and run a migration
 * script whole.
 * NOTE: the adapter's `executeScript` cuts a script at every `;` and sends the pieces one by one: that breaks a
 * function body written in the migration (prisma/postgres/migrations/20261207150000_review_tally), and a
 * migration that fails halfway stays half applied. Sent as one query (PostgreSQL's simple query protocol), the
 * script runs as one transaction, as Prisma's native engine runs it.
 */
export function migrationAdapter(url: string): PrismaPg {
  // NOTE: allowExitOnIdle: the CLI exits once its work is done, not after the pool's idle timeout.
  const factory = new PrismaPg({ connectionString: url, allowExitOnIdle: true });
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    if (!patched) {
      // The queryable base class of the adapter and of its transactions.
      const base = Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as Queryable;
      const performIO = base.performIO;
      base.performIO = async function (this: Queryable, query: unknown) {
        const result = await performIO.call(this, query);
        for (const field of result?.fields ?? []) if (catalogTextTypes.has(field.dataTypeID)) field.dataTypeID = textType;
        return result;
      };
      const adapterClass = Object.getPrototypeOf(adapter) as ScriptRunner;
      adapterClass.executeScript = async function (this: ScriptRunner, script: string) {
        try {
          await this.client.query(script);
        } catch (error) {
          this.onError(error);
        }
      };
      patched = true;
    }
    return adapter;
  };
  return factory;
}
