import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { prepared, preparedFor } from '../../db/prepared.js';
import { audits } from '../../db/schema/index.js';

export interface AuditEntry {
  entity: string;
  entityId: string | number;
  action: string;
  actor: string;
  ticketId?: number;
  changes?: Record<string, { from: unknown; to: unknown }>;
}

const statements = preparedFor((db: Db | Tx) => ({
  insert: prepared(
    db.insert(audits).values({
      entity: sql.placeholder('entity'),
      entityId: sql.placeholder('entityId'),
      action: sql.placeholder('action'),
      actor: sql.placeholder('actor'),
      ticketId: sql.placeholder('ticketId'),
      // Encoded here: the JSON column's encoder would write a missing value as the JSON 'null'.
      changes: sql`${sql.placeholder('changes')}`,
      at: sql.placeholder('at'),
    }),
    'audit-insert',
  ),
}));

/** Appends an audit row inside the caller's transaction. */
export async function recordAudit(tx: Db | Tx, entry: AuditEntry, at: Date): Promise<void> {
  await statements(tx).insert.execute({
    entity: entry.entity,
    entityId: String(entry.entityId),
    action: entry.action,
    actor: entry.actor,
    ticketId: entry.ticketId ?? null,
    changes: entry.changes === undefined ? null : JSON.stringify(entry.changes),
    at,
  });
}
