import { z } from 'zod';

/**
 * Every action_id and callback_id Otto puts on a surface. Data travels in a button's
 * `value` or a modal's `private_metadata`, built and parsed by the pairs below, so a
 * forged or stale value is refused by its schema.
 */
export const ids = {
  /** The invitation's "Start" button and the Home's "Continue": opens the wizard on a ticket. */
  wizardStart: 'wizard_start',
  /** Approver buttons, in DMs and on the Home tab. */
  ticketApprove: 'ticket_approve',
  ticketDeny: 'ticket_deny',
} as const;

/** Encodes a small JSON value for a button value (≤ 2000 chars) or private_metadata (≤ 3000). */
export function encodeValue(value: unknown): string {
  return JSON.stringify(value);
}

/** Parses what `encodeValue` made; undefined for anything that does not fit the schema. */
export function parseValue<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** A button on a ticket carries the status the person saw, so a stale click is recognised. */
export const TicketButtonValue = z.object({ ticketId: z.number().int().positive(), status: z.string() });
export type TicketButtonValue = z.infer<typeof TicketButtonValue>;
