import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { itsmCreations } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import type { ItsmTaskKind } from '../domain/refresh/enums.js';
import type { CreatedTask, CreationJournal, CreationSteps } from './port.js';

/** A reference no other request shares, in one word so TeamDynamix's text search finds it whole. */
export function newCreationMarker(): string {
  return `OTTO${randomBytes(8).toString('hex').toUpperCase()}`;
}

/**
 * The journal of the outbox request `outboxId`'s ticket creation, as earlier attempts left it.
 * Each step is one statement of its own, written after (or, for "sending", just before) the call
 * it records and never around it: a retry of the request resumes from what is written here.
 */
export async function openCreationJournal(db: Db, outboxId: number, clock: Clock): Promise<CreationJournal> {
  const [row] = await db.select().from(itsmCreations).where(eq(itsmCreations.outboxId, outboxId)).limit(1);
  const marker = row?.marker ?? newCreationMarker();
  let started = row !== undefined;
  const tasks: CreatedTask[] = (row?.tasks ?? []).map((t) => ({ ...t, kind: t.kind as ItsmTaskKind }));
  const steps: CreationSteps = { ...((row?.steps ?? {}) as CreationSteps) };

  const update = async (values: Partial<typeof itsmCreations.$inferInsert>) => {
    await db
      .update(itsmCreations)
      .set({ ...values, updatedAt: clock.now() })
      .where(eq(itsmCreations.outboxId, outboxId));
  };

  const journal: CreationJournal = {
    marker,
    sentAt: row?.sentAt ?? undefined,
    ticketId: row?.itsmTicketId ?? undefined,
    tasks,
    taskSent: row?.taskSent ?? undefined,
    steps,
    async ticketSending() {
      if (started) return;
      const now = clock.now();
      await db
        .insert(itsmCreations)
        .values({
          outboxId,
          marker,
          sentAt: now,
          itsmTicketId: null,
          tasks: [],
          taskSent: null,
          steps: {},
          updatedAt: now,
        })
        .onConflictDoNothing({ target: itsmCreations.outboxId });
      started = true;
    },
    async ticketCreated(id) {
      // A ticket is only ever found after its creation was sent, so the row exists; made sure of anyway.
      await journal.ticketSending();
      await update({ itsmTicketId: id });
    },
    async taskSending(index) {
      await update({ taskSent: index });
    },
    async taskCreated(task) {
      tasks.push(task);
      await update({ tasks: tasks.map((t) => ({ ...t })), taskSent: null });
    },
    async workflowSending() {
      steps.workflow = 'sent';
      await update({ steps: { ...steps } });
    },
    async workflowAssigned() {
      steps.workflow = 'done';
      await update({ steps: { ...steps } });
    },
    async attached(warning) {
      steps.attach = warning === undefined ? {} : { warning };
      await update({ steps: { ...steps } });
    },
    async workflowTasksRead(read) {
      tasks.push(...read);
      steps.workflowTasks = 'read';
      await update({ tasks: tasks.map((t) => ({ ...t })), steps: { ...steps } });
    },
  };
  return journal;
}
