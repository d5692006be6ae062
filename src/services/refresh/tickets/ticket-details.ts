import { eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
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
  group: string | null;
  peripherals: Array<{ id: number; name: string; quantity: number; requiresApproval: boolean }>;
  software: Array<{ id: number; name: string; requiresApproval: boolean }>;
  /** Why the ticket needs (or needed) an approver; empty when it needs none (SPEC §2.1). */
  approvalReasons: string[];
}

const modelName = (m: { manufacturer: string; name: string }) => `${m.manufacturer} ${m.name}`;

export async function loadTicketDetails(tx: Db | Tx, ticket: TicketRow): Promise<TicketDetails> {
  const [config] = await tx
    .select()
    .from(refreshConfigs)
    .where(eq(refreshConfigs.id, ticket.configId))
    .limit(1);
  const [system] = await tx.select().from(systems).where(eq(systems.id, ticket.existingSystemId)).limit(1);
  const modelIds = [system?.modelId, ticket.proposedModelId, ticket.chosenModelId].filter(
    (id): id is number => typeof id === 'number',
  );
  const modelRows =
    modelIds.length === 0 ? [] : await tx.select().from(models).where(inArray(models.id, modelIds));
  const model = (id: number | null | undefined): ModelRef | null => {
    const row = modelRows.find((m) => m.id === id);
    return row ? { id: row.id, name: modelName(row), platform: row.platform } : null;
  };
  const personIds = [ticket.userId, ticket.delegateId].filter((id): id is number => typeof id === 'number');
  const personRows =
    personIds.length === 0 ? [] : await tx.select().from(people).where(inArray(people.id, personIds));
  const person = (id: number | null): PersonRef | null => {
    const row = personRows.find((p) => p.id === id);
    return row ? { id: row.id, name: row.name, email: row.email, slackUserId: row.slackUserId } : null;
  };
  const replacement =
    ticket.replacementSystemId === null
      ? undefined
      : (
          await tx
            .select({ serial: systems.serial, name: systems.name })
            .from(systems)
            .where(eq(systems.id, ticket.replacementSystemId))
            .limit(1)
        )[0];
  const supportTeam =
    ticket.supportTeamId === null
      ? undefined
      : (
          await tx
            .select({ name: supportTeams.name })
            .from(supportTeams)
            .where(eq(supportTeams.id, ticket.supportTeamId))
            .limit(1)
        )[0];
  const group =
    ticket.groupId === null
      ? undefined
      : (
          await tx
            .select({ name: systemGroups.name })
            .from(systemGroups)
            .where(eq(systemGroups.id, ticket.groupId))
            .limit(1)
        )[0];
  const chosenPeripherals = await tx
    .select({
      id: peripherals.id,
      name: peripherals.name,
      quantity: ticketPeripherals.quantity,
      requiresApproval: peripherals.requiresApproval,
    })
    .from(ticketPeripherals)
    .innerJoin(peripherals, eq(peripherals.id, ticketPeripherals.peripheralId))
    .where(eq(ticketPeripherals.ticketId, ticket.id))
    .orderBy(peripherals.name);
  const chosenSoftware = await tx
    .select({ id: software.id, name: software.name, requiresApproval: software.requiresApproval })
    .from(ticketSoftware)
    .innerJoin(software, eq(software.id, ticketSoftware.softwareId))
    .where(eq(ticketSoftware.ticketId, ticket.id))
    .orderBy(software.name);
  const proposedModel = model(ticket.proposedModelId);
  const chosenModel = model(ticket.chosenModelId);
  const systemModel = model(system?.modelId);
  return {
    ticket,
    config: {
      id: ticket.configId,
      name: config?.name ?? `config ${ticket.configId}`,
      style: config?.style ?? ticket.style,
      requiresApproval: config?.requiresApproval ?? false,
      unitSpecifiedLocation: config?.unitSpecifiedLocation ?? null,
    },
    system: {
      serial: system?.serial ?? '?',
      name: system?.name ?? null,
      model: systemModel?.name ?? null,
      platform: system?.platform ?? null,
    },
    user: person(ticket.userId),
    delegate: person(ticket.delegateId),
    proposedModel,
    chosenModel,
    replacement: replacement ?? null,
    supportTeam: supportTeam?.name ?? null,
    group: group?.name ?? null,
    peripherals: chosenPeripherals,
    software: chosenSoftware,
    approvalReasons: approvalReasons({
      configRequiresApproval: config?.requiresApproval ?? false,
      proposedModelId: ticket.proposedModelId,
      proposedPlatform: proposedModel?.platform ?? null,
      chosenModelId: ticket.chosenModelId,
      chosenPlatform: chosenModel?.platform ?? null,
      differentDeviceRequested: ticket.differentDeviceRequested,
      peripherals: chosenPeripherals,
      software: chosenSoftware,
    }),
  };
}
