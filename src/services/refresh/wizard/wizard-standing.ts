import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { people, systems } from '../../../../db/schema/index.js';
import { computerLabel, personName } from '../../../domain/naming.js';
import type { RefreshStatus, RefreshStyle } from '../../../domain/refresh/enums.js';
import type { ServiceContext } from '../../context.js';
import { invalid } from '../../errors.js';
import { loadTicket } from '../tickets/load-ticket.js';
import { requireWizardWalker, WizardWalker } from './load-wizard.js';

export const WizardStandingInput = z.object({ ticketId: z.number().int().positive() }).and(WizardWalker);
export type WizardStandingInput = z.infer<typeof WizardStandingInput>;

/** Where a ticket stands for its wizard's walker, once the wizard is no longer theirs to fill in. */
export interface WizardStanding {
  ticketId: number;
  status: RefreshStatus;
  /** The status an on-hold ticket resumes to. */
  statusBeforeHold: RefreshStatus | null;
  style: RefreshStyle;
  /** The computer as people know it: "LSA-PC-12 (SN00012)". */
  computer: string;
  /** The customer's name when their delegate walks the wizard for them. */
  onBehalfOf: string | null;
}

/**
 * The state of a ticket's refresh as its wizard's walker may see it (submitted, held, canceled,
 * and so on). Reads only; anyone but the walker is refused as the wizard refuses them.
 */
export async function wizardStanding(
  ctx: Pick<ServiceContext, 'db'>,
  input: WizardStandingInput,
): Promise<WizardStanding> {
  const parsed = WizardStandingInput.safeParse(input);
  if (!parsed.success) throw invalid('Otto could not read which refresh to show.');
  return ctx.db.transaction(async (tx) => {
    const ticket = await loadTicket(tx, parsed.data.ticketId);
    await requireWizardWalker(tx, ticket, parsed.data);
    const [system] = await tx
      .select({ serial: systems.serial, name: systems.name })
      .from(systems)
      .where(eq(systems.id, ticket.existingSystemId))
      .limit(1);
    const [user] =
      ticket.delegateId === null || ticket.userId === null
        ? []
        : await tx
            .select({ name: people.name, email: people.email })
            .from(people)
            .where(eq(people.id, ticket.userId))
            .limit(1);
    return {
      ticketId: ticket.id,
      status: ticket.status,
      statusBeforeHold: ticket.statusBeforeHold ?? null,
      style: ticket.style,
      computer: system ? computerLabel(system) : `refresh #${ticket.id}`,
      onBehalfOf: ticket.delegateId === null ? null : user ? personName(user) : 'the customer',
    };
  });
}
