import { z } from 'zod';
import {
  type CatalogItem,
  type CatalogModel,
  selectableModels,
} from '../../../domain/refresh/wizard/index.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { invalid } from '../../errors.js';
import { loadTicket } from '../tickets/load-ticket.js';
import { loadWizard, requireWizardOpen, requireWizardWalker } from './load-wizard.js';

/** Slack shows at most 100 options in a select. */
const MAX_OPTIONS = 100;

export const FindWizardOptionsInput = z.object({
  userId: SlackUserId,
  ticketId: z.number().int().positive(),
  list: z.enum(['models', 'peripherals', 'software']),
  query: z.string().max(200),
});
export type FindWizardOptionsInput = z.infer<typeof FindWizardOptionsInput>;

export type WizardOptionsFound =
  | { list: 'models'; models: CatalogModel[]; mixedPlatforms: boolean; noneAdequate: boolean }
  | { list: 'peripherals' | 'software'; items: CatalogItem[] };

/** What an external select of the wizard offers for what the customer typed (lists past 100). */
export async function findWizardOptions(
  ctx: Pick<ServiceContext, 'db'>,
  input: FindWizardOptionsInput,
): Promise<WizardOptionsFound> {
  const parsed = FindWizardOptionsInput.safeParse(input);
  if (!parsed.success) throw invalid('Otto could not read that search.');
  const { userId, ticketId, list, query } = parsed.data;
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (text: string) => words.every((word) => text.toLowerCase().includes(word));
  return ctx.db.transaction(async (tx): Promise<WizardOptionsFound> => {
    const ticket = await loadTicket(tx, ticketId);
    await requireWizardWalker(tx, ticket, { userId });
    requireWizardOpen(ticket);
    const { setup } = await loadWizard(tx, ticket);
    if (list === 'models') {
      const all = selectableModels(setup);
      const noneAdequate = matches('none of these is adequate');
      const models = all.filter((m) => matches(m.label)).slice(0, MAX_OPTIONS - (noneAdequate ? 1 : 0));
      return {
        list,
        models,
        mixedPlatforms: new Set(all.map((m) => m.platform)).size > 1,
        noneAdequate,
      };
    }
    const catalog = list === 'peripherals' ? setup.peripherals : setup.software;
    return { list, items: catalog.filter((item) => matches(item.name)).slice(0, MAX_OPTIONS) };
  });
}
