// Types of scripts/postgres-schema.mjs (plain JavaScript: it runs at npm install, before anything is built).
export const sourceSchemaFile: string;
export const postgresSchemaFile: string;
export const postgresMigrationsDir: string;
export function derivePostgresSchema(source: string): string;
export function syncPostgresSchema(now?: Date): Promise<string[]>;
export function generatePostgresClient(): void;
export function postgresSchemaInStep(): boolean;
