import { defineConfig } from 'drizzle-kit';

// SQLite, the default database. PostgreSQL has its own: drizzle.pg.config.ts.
export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema/index.ts',
  out: './db/migrations/sqlite',
});
