import type { Db, Tx } from '../../../../db/client.js';
import { deskCaseHistory } from '../../../../db/schema/index.js';

/** The actor of a change Otto's own rules made. */
export const ottoActor = 'otto';

export interface CaseHistoryEntry {
  caseId: number;
  /** What happened: opened, routed, assigned, status, escalated, reassigned, … */
  action: string;
  /** A Slack user id, an e-mail address, or `ottoActor`. */
  actor: string;
  detail?: Record<string, unknown> | undefined;
}

/** Appends to a case's history inside the caller's transaction. */
export async function recordCaseHistory(tx: Db | Tx, entry: CaseHistoryEntry, at: Date): Promise<void> {
  await tx.insert(deskCaseHistory).values({
    caseId: entry.caseId,
    action: entry.action,
    actor: entry.actor,
    detail: entry.detail ?? null,
    at,
  });
}
