import { z } from 'zod';
import { SlackUserId } from '../../domain/slack-ids.js';
import { requireAdmin } from '../access.js';
import type { ServiceContext } from '../context.js';
import { invalid } from '../errors.js';
import { findCreationConfigByName } from '../tickets/create-tickets.js';
import { createTicketsFromSerials, type SerialsCreation } from './create-tickets-from-serials.js';
import { lookupReasons } from './lookup-serials.js';

export const CreateTicketForSerialInput = z.object({
  actor: SlackUserId,
  serial: z.string().trim().min(1),
  configName: z.string().trim().min(1),
});
export type CreateTicketForSerialInput = z.infer<typeof CreateTicketForSerialInput>;

/**
 * `/otto create <serial> <config name>`: one ticket from one existing system, or a clear
 * reason why not (nothing is created then).
 */
export function createTicketForSerial(
  ctx: ServiceContext,
  raw: CreateTicketForSerialInput,
): SerialsCreation & { ticketId: number; serial: string } {
  const input = CreateTicketForSerialInput.parse(raw);
  requireAdmin(ctx, input.actor, 'create refresh tickets');
  const config = findCreationConfigByName(ctx.db, input.configName);
  if (!config) {
    throw invalid(
      `There is no refresh config named “${input.configName.slice(0, 80)}”. Type \`/otto create ${input.serial.slice(0, 64)}\` to pick one from a list.`,
    );
  }
  const result = createTicketsFromSerials(ctx, {
    actor: input.actor,
    serials: input.serial,
    configId: config.id,
  });
  const problem = result.problems[0];
  if (problem) throw invalid(`${problem.serial} ${lookupReasons[problem.reason]}; no ticket was created.`);
  const ticket = result.created[0]!;
  return { ...result, ticketId: ticket.ticketId, serial: ticket.serial };
}
