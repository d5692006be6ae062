import type { RefreshStyle } from './enums.js';

/** A ticket of an order group, as depot orders it. */
export interface ManifestTicket {
  id: number;
  serial: string;
  user: string | null;
  style: RefreshStyle;
  /** The shipping address (remote customers), the unit's location, or building and room. */
  shipTo: string | null;
  /** The device to order: the one recorded for a different-device request, else the chosen or proposed model. */
  model: string | null;
  /** A different device was asked for and nobody has recorded which one yet. */
  deviceToChoose: boolean;
  peripherals: string[];
  software: string[];
  /** What differs from the config's proposed model and bundle, in a reader's words. */
  differences: string[];
}

/** A ticket that differs from its config, as one line: whose computer, and what differs. */
export interface DifferingTicket {
  ticketId: number;
  label: string;
  what: string[];
}

/** Tickets listed one per line in Slack; the CSV file has them all. */
export const manifestTicketsShown = 15;

/** The tickets that differ from their config, for the approvers' DM and the manifest. */
export function differingTickets(tickets: readonly ManifestTicket[]): DifferingTicket[] {
  return tickets
    .filter((t) => t.differences.length > 0)
    .map((t) => ({
      ticketId: t.id,
      label: `${t.serial}${t.user ? `, ${t.user}` : ''}`,
      what: t.differences,
    }));
}
