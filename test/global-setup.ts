import { randomBytes } from 'node:crypto';
import { admin, onPostgres, templateName } from './helpers/database.js';

/**
 * On PostgreSQL, migrates one template database for the run; each test copies it (a copy
 * takes milliseconds, migrating takes a second). Nothing to do on SQLite.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (!onPostgres) return undefined;
  process.env.OTTO_TEST_RUN = randomBytes(4).toString('hex');
  const template = templateName();
  // C collation: names sort by their characters, as on SQLite, whatever the server's locale.
  await admin(`create database ${template} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`);
  const { openDatabase } = await import('../db/client.js');
  const url = new URL(process.env.TEST_DATABASE_URL ?? '');
  url.pathname = `/${template}`;
  const database = await openDatabase(url.toString(), { poolSize: 1 });
  await database.close();
  return async () => {
    await admin(`drop database if exists ${template}`);
  };
}
