import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { models, systems } from '../../../../db/schema/index.js';
import { isOpenStatus } from '../../../domain/refresh/index.js';
import type { ServiceContext } from '../../context.js';
import { ServiceError } from '../../errors.js';
import { hasGlobalRole } from '../../people/access.js';
import type { TicketRow } from '../tickets/load-ticket.js';

/** A refused replacement serial, for the form to show beside the field. */
export class ReplacementSerialError extends ServiceError {
  constructor(message: string) {
    super('invalid', message, 'replacementSerial');
    this.name = 'ReplacementSerialError';
  }
}

/** Admins exchange the replacement of an open ticket that has one (failed hardware). */
export async function canExchangeReplacement(
  ctx: Pick<ServiceContext, 'db'>,
  actor: string,
  ticket: Pick<TicketRow, 'replacementSystemId' | 'status'>,
): Promise<boolean> {
  return (
    ticket.replacementSystemId !== null &&
    isOpenStatus(ticket.status) &&
    (await hasGlobalRole(ctx, actor, 'admin'))
  );
}

export async function replacementSerialOf(
  db: Db,
  ticket: Pick<TicketRow, 'replacementSystemId'>,
): Promise<string | null> {
  if (ticket.replacementSystemId === null) return null;
  const [row] = await db
    .select({ serial: systems.serial })
    .from(systems)
    .where(eq(systems.id, ticket.replacementSystemId))
    .limit(1);
  return row?.serial ?? null;
}

/**
 * Puts another system in place of a ticket's replacement, inside the caller's transaction, and
 * returns its id with the serials for the audit; undefined when the serial is the current one.
 * Like bulk assignment it refuses a system that is another ticket's replacement or the existing
 * system of an open ticket, adds an unknown serial to the inventory, and places the system in
 * the ticket's group. It never touches the ticket's status: the caller saves the id.
 */
export async function prepareReplacementExchange(
  db: Db,
  ticket: TicketRow,
  rawSerial: string,
  now: Date,
): Promise<{ systemId: number; from: string | null; to: string } | undefined> {
  const serial = rawSerial.trim().toUpperCase();
  if (!/^[^\s,;]{1,64}$/.test(serial)) {
    throw new ReplacementSerialError('Enter one serial number (at most 64 characters, no spaces).');
  }
  const from = await replacementSerialOf(db, ticket);
  if (serial === from) return undefined;
  const [found] = await db.rows<{ id: number; assignedTo: number | null; openTicket: number | null }>(
    sql`select s.id as "id",
         (select r.id from refresh_tickets r where r.replacement_system_id = s.id) as "assignedTo",
         (select e.id from refresh_tickets e where e.existing_system_id = s.id
            and e.status not in ('complete', 'canceled')) as "openTicket"
       from systems s where s.serial = ${serial}`,
  );
  if (found?.assignedTo != null) {
    throw new ReplacementSerialError(`${serial} is already the replacement of refresh #${found.assignedTo}.`);
  }
  if (found?.openTicket != null || found?.id === ticket.existingSystemId) {
    throw new ReplacementSerialError(
      `${serial} is the existing system of refresh #${found.openTicket ?? ticket.id}; it cannot be a replacement.`,
    );
  }
  if (found) {
    await db
      .update(systems)
      .set({ status: 'replacement', groupId: ticket.groupId ?? undefined, updatedAt: now })
      .where(eq(systems.id, found.id));
    return { systemId: found.id, from, to: serial };
  }
  const modelId = ticket.chosenModelId ?? ticket.proposedModelId;
  const model =
    modelId === null ? undefined : (await db.select().from(models).where(eq(models.id, modelId)).limit(1))[0];
  const [existing] = await db
    .select({ unitId: systems.unitId })
    .from(systems)
    .where(eq(systems.id, ticket.existingSystemId))
    .limit(1);
  const [added] = await db
    .insert(systems)
    .values({
      serial,
      modelId: model?.id ?? null,
      platform: model?.platform ?? null,
      unitId: existing?.unitId ?? null,
      groupId: ticket.groupId,
      status: 'replacement',
      updatedAt: now,
    })
    .returning({ id: systems.id });
  return { systemId: added!.id, from, to: serial };
}
