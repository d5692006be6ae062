import { z } from 'zod';
import { itsmTicketKinds } from '../domain/enums.js';

/** A request to the ITSM, written to the outbox with the change that causes it. */
export const ItsmRequest = z.object({
  operation: z.literal('create_ticket'),
  kind: z.enum(itsmTicketKinds),
  title: z.string().min(1).max(250),
  body: z.string().max(20_000),
  requestedBy: z.string().min(1),
});
export type ItsmRequest = z.infer<typeof ItsmRequest>;

export interface ItsmTicketRef {
  /** The ITSM's own id for the ticket. */
  id: string;
}

/**
 * Everything Otto asks of an ITSM goes through this port: the built-in service desk by
 * default, TeamDynamix when configured. Calls may fail; the outbox retries them.
 */
export interface ItsmPort {
  readonly name: 'builtin' | 'teamdynamix';
  createTicket(request: ItsmRequest & { refreshTicketId?: number | null }): Promise<ItsmTicketRef>;
}
