import { aliasedTable, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../../../db/client.js';
import {
  people,
  refreshConfigs,
  refreshTickets,
  supportTeams,
  systems,
} from '../../../../db/schema/index.js';
import type { RefreshStatus, RefreshStyle } from '../../../domain/refresh/enums.js';
import { type Audience, audienceOf, computerLabel, type NoticePerson } from '../../notices/index.js';

/** Everything an invitation or a reminder says about one ticket, and whom it goes to. */
export interface WizardNoticeTarget {
  ticketId: number;
  status: RefreshStatus;
  style: RefreshStyle;
  computer: string;
  unitLocation: string | null;
  /** The support team of the computer: whom a customer outside Slack contacts. */
  supportTeam: string | null;
  /** The customer has saved wizard answers, so the button reads "Continue". */
  wizardStarted: boolean;
  /** Who reads it (services/notices decides); undefined when nobody is on file. */
  audience: Audience | undefined;
}

// Email first: drizzle reads a left-joined object as missing when its first column is null, and a
// person with no name on file must still hear from Otto.
const personColumns = (table: typeof people) => ({
  email: table.email,
  name: table.name,
  slackUserId: table.slackUserId,
});

const known = (person: { email: string | null } & Omit<NoticePerson, 'email'>): NoticePerson | undefined =>
  person.email === null ? undefined : { ...person, email: person.email };

/** One query for a whole chunk of tickets: the notice facts keyed by ticket id. */
export async function loadWizardNoticeTargets(
  tx: Tx,
  ticketIds: readonly number[],
): Promise<Map<number, WizardNoticeTarget>> {
  if (ticketIds.length === 0) return new Map();
  const user = aliasedTable(people, 'ticket_user');
  const delegate = aliasedTable(people, 'ticket_delegate');
  const rows = await tx
    .select({
      ticketId: refreshTickets.id,
      status: refreshTickets.status,
      style: refreshTickets.style,
      delegateId: refreshTickets.delegateId,
      wizardState: refreshTickets.wizardState,
      serial: systems.serial,
      systemName: systems.name,
      unitLocation: refreshConfigs.unitSpecifiedLocation,
      supportTeam: supportTeams.name,
      user: personColumns(user),
      delegate: personColumns(delegate),
    })
    .from(refreshTickets)
    .innerJoin(systems, eq(systems.id, refreshTickets.existingSystemId))
    .innerJoin(refreshConfigs, eq(refreshConfigs.id, refreshTickets.configId))
    .leftJoin(supportTeams, eq(supportTeams.id, refreshTickets.supportTeamId))
    .leftJoin(user, eq(user.id, refreshTickets.userId))
    .leftJoin(delegate, eq(delegate.id, refreshTickets.delegateId))
    .where(inArray(refreshTickets.id, [...ticketIds]));
  const targets = new Map<number, WizardNoticeTarget>();
  for (const row of rows) {
    targets.set(row.ticketId, {
      ticketId: row.ticketId,
      status: row.status,
      style: row.style,
      computer: computerLabel({ name: row.systemName, serial: row.serial }),
      unitLocation: row.unitLocation,
      supportTeam: row.supportTeam,
      wizardStarted: row.wizardState !== null && Object.keys(row.wizardState).length > 0,
      audience: audienceOf(row, {
        user: row.user && known(row.user),
        delegate: row.delegate && known(row.delegate),
      }),
    });
  }
  return targets;
}
