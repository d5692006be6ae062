import { table } from './kit.js';
import { outbox } from './outbox.js';

/**
 * How far the creation of an ITSM ticket with tasks has got, one row per outbox request: each
 * call's answer is saved as soon as it is back, so a retry of the request resumes where it
 * stopped instead of opening a second ticket. `marker` is left in the ticket's description
 * before it is sent, so a ticket whose creation answer was lost (a timeout) can be found again.
 */
export const itsmCreations = table('itsm_creations', (c) => ({
  outboxId: c
    .integer('outbox_id')
    .primaryKey()
    .references(() => outbox.id),
  marker: c.text('marker').notNull(),
  // When the ticket's creation was first sent: a search for a lost ticket starts here.
  sentAt: c.instant('sent_at').notNull(),
  itsmTicketId: c.text('itsm_ticket_id'),
  // The tasks created so far, by their place in the request: [{ index, id, kind }].
  tasks: c.json<Array<{ index: number; id: string; kind: string }>>('tasks').notNull(),
  // The task whose creation was sent and not answered (it may exist), by its place in the request.
  taskSent: c.integer('task_sent'),
  // The steps between the ticket and its tasks, each as it is done (see CreationSteps in
  // src/itsm/port.ts): the workflow assigned, the replacement attached, the workflow's tasks read.
  steps: c.json<Record<string, unknown>>('steps'),
  updatedAt: c.instant('updated_at').notNull(),
}));
