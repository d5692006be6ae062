import type { Db, Tx } from '../../db/client.js';
import { audits } from '../../db/schema/index.js';

export interface AuditEntry {
  entity: string;
  entityId: string | number;
  action: string;
  actor: string;
  ticketId?: number;
  changes?: Record<string, { from: unknown; to: unknown }>;
}

/** Appends an audit row inside the caller's transaction. */
export async function recordAudit(tx: Db | Tx, entry: AuditEntry, at: Date): Promise<void> {
  await tx.insert(audits).values({
    entity: entry.entity,
    entityId: String(entry.entityId),
    action: entry.action,
    actor: entry.actor,
    ticketId: entry.ticketId,
    changes: entry.changes,
    at,
  });
}
