import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import {
  models,
  people,
  peripherals,
  refreshConfigs,
  software,
  supportTeams,
  systemGroups,
  systems,
  ticketPeripherals,
  ticketSoftware,
} from '../../../../db/schema/index.js';
import { aliasOf } from '../../../../db/sql.js';
import type { Platform, RefreshStyle } from '../../../domain/refresh/enums.js';
import { approvalReasons } from '../../../domain/refresh/index.js';
import type { TicketRow } from './load-ticket.js';

export interface PersonRef {
  id: number;
  name: string | null;
  email: string;
  slackUserId: string | null;
}

export interface ModelRef {
  id: number;
  name: string;
  platform: Platform;
}

/** A ticket with the names of everything it points at: what cards, notices and forms show. */
export interface TicketDetails {
  ticket: TicketRow;
  config: {
    id: number;
    name: string;
    style: RefreshStyle;
    requiresApproval: boolean;
    unitSpecifiedLocation: string | null;
  };
  system: { serial: string; name: string | null; model: string | null; platform: Platform | null };
  user: PersonRef | null;
  delegate: PersonRef | null;
  proposedModel: ModelRef | null;
  chosenModel: ModelRef | null;
  replacement: { serial: string; name: string | null } | null;
  supportTeam: string | null;
  /** The support team's zone, which the ticket's times are written in (see readerTimeZone). */
  supportTeamTimeZone: string | null;
  group: string | null;
  peripherals: Array<{ id: number; name: string; quantity: number; requiresApproval: boolean }>;
  software: Array<{ id: number; name: string; requiresApproval: boolean }>;
  /** Why the ticket needs (or needed) an approver; empty when it needs none (SPEC §2.1). */
  approvalReasons: string[];
}

const modelName = (m: { manufacturer: string; name: string }) => `${m.manufacturer} ${m.name}`;

// Every card, notice and booking loads these, prepared once per database: what the ticket points
// at in one statement (each row joined by the id on the row given, so a ticket not saved yet reads
// the same), then its peripherals and software. The aliases are made with the statements, for
// the dialect of the database they are prepared on.
const statements = preparedFor((db: Db | Tx) => {
  const systemModel = aliasOf(models, 'system_model');
  const proposedModel = aliasOf(models, 'proposed_model');
  const chosenModel = aliasOf(models, 'chosen_model');
  const user = aliasOf(people, 'ticket_user');
  const delegate = aliasOf(people, 'ticket_delegate');
  const replacement = aliasOf(systems, 'replacement');
  return {
    pointedAt: prepared(
      db
        .select({
          configId: refreshConfigs.id,
          configName: refreshConfigs.name,
          configStyle: refreshConfigs.style,
          configRequiresApproval: refreshConfigs.requiresApproval,
          configUnitLocation: refreshConfigs.unitSpecifiedLocation,
          systemId: systems.id,
          systemSerial: systems.serial,
          systemName: systems.name,
          systemPlatform: systems.platform,
          systemModelId: systemModel.id,
          systemModelMaker: systemModel.manufacturer,
          systemModelName: systemModel.name,
          systemModelPlatform: systemModel.platform,
          proposedModelId: proposedModel.id,
          proposedModelMaker: proposedModel.manufacturer,
          proposedModelName: proposedModel.name,
          proposedModelPlatform: proposedModel.platform,
          chosenModelId: chosenModel.id,
          chosenModelMaker: chosenModel.manufacturer,
          chosenModelName: chosenModel.name,
          chosenModelPlatform: chosenModel.platform,
          userId: user.id,
          userName: user.name,
          userEmail: user.email,
          userSlackId: user.slackUserId,
          delegateId: delegate.id,
          delegateName: delegate.name,
          delegateEmail: delegate.email,
          delegateSlackId: delegate.slackUserId,
          replacementId: replacement.id,
          replacementSerial: replacement.serial,
          replacementName: replacement.name,
          supportTeam: supportTeams.name,
          supportTeamTimeZone: supportTeams.timeZone,
          group: systemGroups.name,
        })
        // One row to join to, named: PostgreSQL wants every subquery in FROM named.
        .from(sql`(select 1) as "one"`)
        .leftJoin(refreshConfigs, eq(refreshConfigs.id, sql.placeholder('configId')))
        .leftJoin(systems, eq(systems.id, sql.placeholder('existingSystemId')))
        .leftJoin(systemModel, eq(systemModel.id, systems.modelId))
        .leftJoin(proposedModel, eq(proposedModel.id, sql.placeholder('proposedModelId')))
        .leftJoin(chosenModel, eq(chosenModel.id, sql.placeholder('chosenModelId')))
        .leftJoin(user, eq(user.id, sql.placeholder('userId')))
        .leftJoin(delegate, eq(delegate.id, sql.placeholder('delegateId')))
        .leftJoin(replacement, eq(replacement.id, sql.placeholder('replacementSystemId')))
        .leftJoin(supportTeams, eq(supportTeams.id, sql.placeholder('supportTeamId')))
        .leftJoin(systemGroups, eq(systemGroups.id, sql.placeholder('groupId'))),
      'ticket-details-pointed-at',
    ),
    peripherals: prepared(
      db
        .select({
          id: peripherals.id,
          name: peripherals.name,
          quantity: ticketPeripherals.quantity,
          requiresApproval: peripherals.requiresApproval,
        })
        .from(ticketPeripherals)
        .innerJoin(peripherals, eq(peripherals.id, ticketPeripherals.peripheralId))
        .where(eq(ticketPeripherals.ticketId, sql.placeholder('ticketId')))
        .orderBy(peripherals.name),
      'ticket-details-peripherals',
    ),
    software: prepared(
      db
        .select({ id: software.id, name: software.name, requiresApproval: software.requiresApproval })
        .from(ticketSoftware)
        .innerJoin(software, eq(software.id, ticketSoftware.softwareId))
        .where(eq(ticketSoftware.ticketId, sql.placeholder('ticketId')))
        .orderBy(software.name),
      'ticket-details-software',
    ),
  };
});

const modelRef = (
  id: number | null,
  maker: string | null,
  name: string | null,
  platform: Platform | null,
): ModelRef | null =>
  id === null || maker === null || name === null || platform === null
    ? null
    : { id, name: modelName({ manufacturer: maker, name }), platform };

const personRef = (
  id: number | null,
  name: string | null,
  email: string | null,
  slackUserId: string | null,
): PersonRef | null => (id === null || email === null ? null : { id, name, email, slackUserId });

export async function loadTicketDetails(tx: Db | Tx, ticket: TicketRow): Promise<TicketDetails> {
  const q = statements(tx);
  const [row] = await q.pointedAt.execute({
    configId: ticket.configId,
    existingSystemId: ticket.existingSystemId,
    proposedModelId: ticket.proposedModelId,
    chosenModelId: ticket.chosenModelId,
    userId: ticket.userId,
    delegateId: ticket.delegateId,
    replacementSystemId: ticket.replacementSystemId,
    supportTeamId: ticket.supportTeamId,
    groupId: ticket.groupId,
  });
  if (!row) throw new Error('the details query answers one row');
  const config = row.configId === null ? undefined : row;
  const systemFound = row.systemId !== null;
  const chosenPeripherals = await q.peripherals.execute({ ticketId: ticket.id });
  const chosenSoftware = await q.software.execute({ ticketId: ticket.id });
  const proposed = modelRef(
    row.proposedModelId,
    row.proposedModelMaker,
    row.proposedModelName,
    row.proposedModelPlatform,
  );
  const chosen = modelRef(
    row.chosenModelId,
    row.chosenModelMaker,
    row.chosenModelName,
    row.chosenModelPlatform,
  );
  const systemModelRef = modelRef(
    row.systemModelId,
    row.systemModelMaker,
    row.systemModelName,
    row.systemModelPlatform,
  );
  return {
    ticket,
    config: {
      id: ticket.configId,
      name: config?.configName ?? `config ${ticket.configId}`,
      style: config?.configStyle ?? ticket.style,
      requiresApproval: config?.configRequiresApproval ?? false,
      unitSpecifiedLocation: config?.configUnitLocation ?? null,
    },
    system: {
      serial: (systemFound ? row.systemSerial : null) ?? '?',
      name: systemFound ? row.systemName : null,
      model: systemModelRef?.name ?? null,
      platform: systemFound ? row.systemPlatform : null,
    },
    user: personRef(row.userId, row.userName, row.userEmail, row.userSlackId),
    delegate: personRef(row.delegateId, row.delegateName, row.delegateEmail, row.delegateSlackId),
    proposedModel: proposed,
    chosenModel: chosen,
    replacement:
      row.replacementId === null || row.replacementSerial === null
        ? null
        : { serial: row.replacementSerial, name: row.replacementName },
    supportTeam: row.supportTeam,
    supportTeamTimeZone: row.supportTeamTimeZone,
    group: row.group,
    peripherals: chosenPeripherals,
    software: chosenSoftware,
    approvalReasons: approvalReasons({
      configRequiresApproval: config?.configRequiresApproval ?? false,
      proposedModelId: ticket.proposedModelId,
      proposedPlatform: proposed?.platform ?? null,
      chosenModelId: ticket.chosenModelId,
      chosenPlatform: chosen?.platform ?? null,
      differentDeviceRequested: ticket.differentDeviceRequested,
      peripherals: chosenPeripherals,
      software: chosenSoftware,
    }),
  };
}
