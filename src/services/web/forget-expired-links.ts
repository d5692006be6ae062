import { lte } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { webLinks } from '../../../db/schema/index.js';

/**
 * Forgets the web links whose newest issue has expired: such a link is refused as expired by its
 * own signed date, so its row serves nothing. Any older link of the same reader and action then
 * finds no row and can never act. Returns how many were forgotten.
 */
export async function forgetExpiredWebLinks(db: Db, now: Date): Promise<number> {
  const deleted = await db
    .delete(webLinks)
    .where(lte(webLinks.expiresAt, now))
    .returning({ recipient: webLinks.recipient });
  return deleted.length;
}
