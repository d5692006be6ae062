import { z } from 'zod';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { invalid } from '../../errors.js';
import { requireAdmin } from '../../people/access.js';
import { findCreationConfigByName } from '../tickets/create-tickets.js';
import { createTicketsFromSerials, type SerialsCreation } from './create-tickets-from-serials.js';
import { lookupReasons } from './lookup-serials.js';

export const CreateTicketForSerialInput = z.object({
  actor: SlackUserId,
  serial: z.string().trim().min(1),
  /** The config's name; for bump-down, the replacement serial may come first (`<replacement> <config>`). */
  configName: z.string().trim().min(1),
});
export type CreateTicketForSerialInput = z.infer<typeof CreateTicketForSerialInput>;

/**
 * The config named, and the replacement when the name only matches after its first word
 * (`/otto create <serial> <replacement> <config name>`): config names may have spaces.
 */
async function configAndReplacement(ctx: ServiceContext, configName: string) {
  const whole = await findCreationConfigByName(ctx.db, configName);
  if (whole) return { config: whole, replacement: undefined };
  const [first, ...others] = configName.split(/\s+/);
  const config = others.length > 0 ? await findCreationConfigByName(ctx.db, others.join(' ')) : undefined;
  return config ? { config, replacement: first!.toUpperCase() } : undefined;
}

/**
 * `/otto create <serial> <config name>`: one ticket from one existing system, or a clear
 * reason why not (nothing is created then). Bump-down configs take the replacement too:
 * `/otto create <serial> <replacement> <config name>`.
 */
export async function createTicketForSerial(
  ctx: ServiceContext,
  raw: CreateTicketForSerialInput,
): Promise<SerialsCreation & { ticketId: number; serial: string; replacement: string | undefined }> {
  const input = CreateTicketForSerialInput.parse(raw);
  await requireAdmin(ctx, input.actor, 'create refresh tickets');
  const serial = input.serial.slice(0, 64);
  const found = await configAndReplacement(ctx, input.configName);
  if (!found) {
    throw invalid(
      `There is no refresh config named “${input.configName.slice(0, 80)}”. Type \`/otto create ${serial}\` to pick one from a list.`,
    );
  }
  const { config, replacement } = found;
  if (config.style === 'bump_down' && replacement === undefined) {
    throw invalid(
      `“${config.name}” is a bump-down config: its tickets carry their replacement from creation. Type \`/otto create ${serial} <replacement serial> ${config.name}\`; no ticket was created.`,
    );
  }
  if (config.style !== 'bump_down' && replacement !== undefined) {
    throw invalid(
      `There is no refresh config named “${input.configName.slice(0, 80)}”, and a replacement serial is only given with a bump-down config (“${config.name}” is not one); no ticket was created.`,
    );
  }
  const result = await createTicketsFromSerials(ctx, {
    actor: input.actor,
    serials: replacement === undefined ? input.serial : `${input.serial} ${replacement}`,
    configId: config.id,
  });
  const problem = result.problems[0];
  if (problem) throw invalid(`${problem.serial} ${lookupReasons[problem.reason]}; no ticket was created.`);
  const refusal = result.refused[0];
  if (refusal) throw invalid(`${refusal.text}: ${refusal.reason}; no ticket was created.`);
  const ticket = result.created[0]!;
  return { ...result, ticketId: ticket.ticketId, serial: ticket.serial, replacement };
}
