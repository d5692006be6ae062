import { defineConfig } from 'drizzle-kit';

// PostgreSQL: the same tables, built by db/schema/kit.ts from the one definition of each.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/pg.ts',
  out: './db/migrations/pg',
});
