import { aliasedTable, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../../../db/client.js';
import { people, refreshConfigs, refreshTickets, systems } from '../../../../db/schema/index.js';
import type { RefreshStatus, RefreshStyle } from '../../../domain/refresh/enums.js';
import { computerLabel } from './wording.js';

/** Everything an invitation or a reminder says about one ticket, and whom it goes to. */
export interface WizardNoticeTarget {
  ticketId: number;
  status: RefreshStatus;
  style: RefreshStyle;
  computer: string;
  unitLocation: string | null;
  /** The customer has saved wizard answers, so the button reads "Continue". */
  wizardStarted: boolean;
  /** The delegate instead of the user when one is set (SPEC §3); null when nobody is on file. */
  recipient: { name: string | null; email: string; slackUserId: string | null } | null;
  /** The user's name when the delegate receives the notice for them. */
  onBehalfOf: string | null;
}

/** One query for a whole chunk of tickets: the notice facts keyed by ticket id. */
export function loadWizardNoticeTargets(
  tx: Tx,
  ticketIds: readonly number[],
): Map<number, WizardNoticeTarget> {
  if (ticketIds.length === 0) return new Map();
  const recipient = aliasedTable(people, 'recipient');
  const user = aliasedTable(people, 'ticket_user');
  const rows = tx
    .select({
      ticketId: refreshTickets.id,
      status: refreshTickets.status,
      style: refreshTickets.style,
      delegateId: refreshTickets.delegateId,
      wizardState: refreshTickets.wizardState,
      serial: systems.serial,
      systemName: systems.name,
      unitLocation: refreshConfigs.unitSpecifiedLocation,
      recipientEmail: recipient.email,
      recipientName: recipient.name,
      recipientSlackId: recipient.slackUserId,
      userName: user.name,
      userEmail: user.email,
    })
    .from(refreshTickets)
    .innerJoin(systems, eq(systems.id, refreshTickets.existingSystemId))
    .innerJoin(refreshConfigs, eq(refreshConfigs.id, refreshTickets.configId))
    .leftJoin(
      recipient,
      eq(recipient.id, sql`coalesce(${refreshTickets.delegateId}, ${refreshTickets.userId})`),
    )
    .leftJoin(user, eq(user.id, refreshTickets.userId))
    .where(inArray(refreshTickets.id, [...ticketIds]))
    .all();
  const targets = new Map<number, WizardNoticeTarget>();
  for (const row of rows) {
    targets.set(row.ticketId, {
      ticketId: row.ticketId,
      status: row.status,
      style: row.style,
      computer: computerLabel(row.systemName, row.serial),
      unitLocation: row.unitLocation,
      wizardStarted: row.wizardState !== null && Object.keys(row.wizardState).length > 0,
      recipient: row.recipientEmail
        ? { name: row.recipientName, email: row.recipientEmail, slackUserId: row.recipientSlackId }
        : null,
      onBehalfOf: row.delegateId !== null ? (row.userName ?? row.userEmail) : null,
    });
  }
  return targets;
}
