import { deskCases } from './desk-cases.js';
import { table } from './kit.js';

/**
 * A case's history, append-only: every change, escalation and notice, in the order it happened
 * (its messages are in desk_case_messages; the case shows both as one story).
 */
export const deskCaseHistory = table(
  'desk_case_history',
  (c) => ({
    id: c.id(),
    caseId: c
      .integer('case_id')
      .notNull()
      .references(() => deskCases.id),
    /** What happened: opened, routed, assigned, status, escalated, … */
    action: c.text('action').notNull(),
    /** A Slack user id, an e-mail address, or "otto" for Otto's own rules. */
    actor: c.text('actor').notNull(),
    /** The facts of the change, as `{ field: { from, to } }` or the action's own details. */
    detail: c.json<Record<string, unknown>>('detail'),
    at: c.instant('at').notNull(),
  }),
  (t, k) => [k.index('desk_case_history_case').on(t.caseId, t.at)],
);
