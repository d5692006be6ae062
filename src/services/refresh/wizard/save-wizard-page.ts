import { z } from 'zod';
import {
  neighbourPage,
  PageValues,
  validatePage,
  wizardPageIds,
} from '../../../domain/refresh/wizard/index.js';
import type { ServiceContext } from '../../context.js';
import { invalid } from '../../errors.js';
import { loadTicket } from '../tickets/load-ticket.js';
import {
  loadWizard,
  requireWizardOpen,
  requireWizardWalker,
  saveDraft,
  type WizardView,
  WizardWalker,
  wizardView,
} from './load-wizard.js';

export const SaveWizardPageInput = z
  .object({
    ticketId: z.number().int().positive(),
    page: z.enum(wizardPageIds),
    /** The status the modal was opened on: a modal from before a status change is stale. */
    seenStatus: z.string(),
    values: PageValues,
    /** `stay`: kept as typed, unchecked, and the same page shown again (a choice that changes the page). */
    move: z.enum(['next', 'back', 'stay']),
  })
  .and(WizardWalker);
export type SaveWizardPageInput = z.infer<typeof SaveWizardPageInput>;

export type SaveWizardPageResult =
  | { kind: 'errors'; errors: Record<string, string> }
  | { kind: 'page'; view: WizardView };

/**
 * Keeps what a page holds and moves to the next page (after checking it) or the previous one
 * (as typed, unchecked), so closing the modal and coming back resumes there. Bad fields come
 * back as one message per field and the customer stays on the page.
 */
export async function saveWizardPage(
  ctx: Pick<ServiceContext, 'db' | 'clock'>,
  input: SaveWizardPageInput,
): Promise<SaveWizardPageResult> {
  const parsed = SaveWizardPageInput.safeParse(input);
  if (!parsed.success) throw invalid('Otto could not read this page of the wizard; nothing was changed.');
  const { ticketId, page, seenStatus, values, move } = parsed.data;
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx): Promise<SaveWizardPageResult> => {
    const ticket = await loadTicket(tx, ticketId);
    await requireWizardWalker(tx, ticket, parsed.data);
    requireWizardOpen(ticket, seenStatus);
    const loaded = await loadWizard(tx, ticket);
    // Staying keeps what the page held in inputs the choice hides, to show it again if chosen back.
    const pageValues = move === 'stay' ? { ...loaded.draft.values[page], ...values } : values;
    const draft = {
      page,
      values: page === 'review' ? loaded.draft.values : { ...loaded.draft.values, [page]: pageValues },
    };
    const checked = move === 'next' ? validatePage(loaded.setup, page, values) : { ok: true as const };
    if (!checked.ok) {
      // What was typed is kept even so: closing the modal now and coming back shows it again.
      await saveDraft(tx, ticket, draft, now);
      return { kind: 'errors', errors: checked.errors };
    }
    const view = wizardView(
      { ...loaded, draft },
      move === 'stay' ? page : neighbourPage(loaded.pages, page, move === 'next' ? 1 : -1),
    );
    await saveDraft(tx, ticket, { ...draft, page: view.page }, now);
    return { kind: 'page', view };
  });
}
