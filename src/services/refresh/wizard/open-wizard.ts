import { z } from 'zod';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { invalid } from '../../errors.js';
import { loadTicket } from '../tickets/load-ticket.js';
import {
  loadWizard,
  requireWizardOpen,
  requireWizardWalker,
  type WizardView,
  wizardView,
} from './load-wizard.js';

export const OpenWizardInput = z.object({ userId: SlackUserId, ticketId: z.number().int().positive() });
export type OpenWizardInput = z.infer<typeof OpenWizardInput>;

/**
 * Opens a ticket's wizard for its customer on the page they left off at, with what they had
 * entered. Reads only: nothing changes until they press Next, Back or Submit.
 */
export async function openWizard(
  ctx: Pick<ServiceContext, 'db'>,
  input: OpenWizardInput,
): Promise<WizardView> {
  const parsed = OpenWizardInput.safeParse(input);
  if (!parsed.success) throw invalid('Otto could not read which refresh to open.');
  const { userId, ticketId } = parsed.data;
  return ctx.db.transaction(async (tx) => {
    const ticket = await loadTicket(tx, ticketId);
    await requireWizardWalker(tx, ticket, userId);
    requireWizardOpen(ticket);
    const loaded = await loadWizard(tx, ticket);
    return wizardView(loaded, loaded.draft.page);
  });
}
