import { z } from 'zod';
import { wizardPageIds } from '../../../domain/refresh/wizard/index.js';
import type { ServiceContext } from '../../context.js';
import { invalid } from '../../errors.js';
import { loadTicket } from '../tickets/load-ticket.js';
import {
  loadWizard,
  requireWizardOpen,
  requireWizardWalker,
  type WizardView,
  WizardWalker,
  wizardView,
} from './load-wizard.js';

export const OpenWizardInput = z
  .object({
    ticketId: z.number().int().positive(),
    /**
     * The page to show (Otto's web pages address each page): shown when the walker has reached
     * it, else the page they left off at.
     */
    page: z.enum(wizardPageIds).optional(),
  })
  .and(WizardWalker);
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
  const { ticketId, page } = parsed.data;
  return ctx.db.transaction(async (tx) => {
    const ticket = await loadTicket(tx, ticketId);
    await requireWizardWalker(tx, ticket, parsed.data);
    requireWizardOpen(ticket);
    const loaded = await loadWizard(tx, ticket);
    const { pages, draft } = loaded;
    // Pages up to the one they left off at may be shown again (a browser's Back); none beyond it.
    const reached =
      page !== undefined && pages.indexOf(page) >= 0 && pages.indexOf(page) <= pages.indexOf(draft.page);
    return wizardView(loaded, reached ? page : draft.page);
  });
}
