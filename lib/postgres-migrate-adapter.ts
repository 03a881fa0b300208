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

let patched = false;

/** A PrismaPg adapter factory whose connections read `name` and `"char"` columns as text. */
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
      patched = true;
    }
    return adapter;
  };
  return factory;
}
