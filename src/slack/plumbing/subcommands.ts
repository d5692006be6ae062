import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { renderHelp, type SubcommandHelp } from '../../../blocks/shared/help.js';
import type { MessageText } from '../../../blocks/shared/text.js';
import type { ServiceContext } from '../../services/context.js';
import { assignSubcommand } from '../listeners/refresh/commands/assign.js';
import { batchSubcommand } from '../listeners/refresh/commands/batch.js';
import { configSubcommand } from '../listeners/refresh/commands/config.js';
import { createSubcommand } from '../listeners/refresh/commands/create.js';
import { manageSubcommand } from '../listeners/refresh/commands/hold.js';
import { orderGroupSubcommand } from '../listeners/refresh/commands/order-group.js';
import { problemsSubcommand } from '../listeners/refresh/commands/problems.js';
import { rescheduleSubcommand } from '../listeners/refresh/commands/reschedule.js';
import { ticketSubcommand } from '../listeners/refresh/commands/ticket.js';
import { trackingSubcommand } from '../listeners/refresh/commands/tracking.js';
import { calendarSubcommand, slotsSubcommand } from '../listeners/scheduling/commands/calendar.js';
import { importSubcommand } from '../listeners/shared/commands/import.js';
import { rolesSubcommand } from '../listeners/shared/commands/roles.js';

/** What `/otto` answers: `text` is mrkdwn, made by `messageText` so nothing in it is left unescaped. */
export interface SubcommandReply {
  text: MessageText;
  blocks?: KnownBlock[];
}

/** What a subcommand that opens a modal or posts a message needs: the trigger and the client. */
export interface SubcommandInteraction {
  ctx: ServiceContext;
  userId: string;
  words: string[];
  /** The rest of the command text as typed (pasted lists keep their line breaks). */
  rest: string;
  channelId: string;
  triggerId: string;
  client: WebClient;
  /** Logs what goes wrong after the ack (nobody is waiting for an answer by then). */
  log: (...args: unknown[]) => void;
}

interface Subcommand extends SubcommandHelp {
  name: string;
  /** Answers at once with an ephemeral reply (fast: database work only). */
  run?(ctx: ServiceContext, userId: string, words: string[]): SubcommandReply | Promise<SubcommandReply>;
  /**
   * Acked first, then run: opens modals (the trigger_id lives 3 s) or posts messages. A reply
   * it returns is sent ephemerally through the command's response_url.
   */
  open?(interaction: SubcommandInteraction): Promise<SubcommandReply | undefined>;
}

/** Every `/otto` subcommand; `help` lists them, so a new one is added here and nowhere else. */
export const subcommands: readonly Subcommand[] = [
  {
    name: 'help',
    usage: 'help',
    summary: 'lists what Otto can do',
    who: 'everyone',
    run: () => renderHelp(subcommands),
  },
  {
    name: 'roles',
    usage: 'roles [grant|revoke @person <role> [team]]',
    summary: 'lists who holds which role, grants and revokes roles',
    who: 'refresh admins',
    run: rolesSubcommand,
  },
  {
    name: 'ticket',
    usage: 'ticket <number|serial>',
    summary: 'shows a refresh ticket with its history, and the buttons to act on it',
    who: 'refresh managers and admins, approvers of its config',
    open: ticketSubcommand,
  },
  {
    name: 'problems',
    usage: 'problems',
    summary: 'lists tickets waiting for staff: pending location info, pending ITSM existence',
    who: 'refresh managers and admins',
    open: problemsSubcommand,
  },
  {
    name: 'hold',
    usage: 'hold <number|serial>',
    summary: 'puts a ticket on hold (also a button on the ticket card)',
    who: 'refresh managers and admins',
    run: manageSubcommand('hold'),
  },
  {
    name: 'resume',
    usage: 'resume <number|serial>',
    summary: 'lifts a hold: the ticket returns to the status it had',
    who: 'refresh managers and admins',
    run: manageSubcommand('resume'),
  },
  {
    name: 'cancel',
    usage: 'cancel <number|serial>',
    summary: 'cancels a ticket for good',
    who: 'refresh managers and admins',
    run: manageSubcommand('cancel'),
  },
  {
    name: 'config',
    usage: 'config [new | edit <name or id>]',
    summary: 'lists, creates and edits refresh configs',
    who: 'refresh admins',
    open: configSubcommand,
  },
  {
    name: 'import',
    usage: 'import [systems|units|models|peripherals|software|support_teams]',
    summary: 'imports inventory from a pasted or attached CSV file',
    who: 'refresh admins',
    open: importSubcommand,
  },
  {
    name: 'batch',
    usage: 'batch [new [name] | <name or id>]',
    summary: 'looks up a named list of pasted serials and creates tickets from it; alone, lists the latest',
    who: 'refresh admins',
    open: batchSubcommand,
  },
  {
    name: 'create',
    usage: 'create [<serial> [<config name>]]',
    summary: 'creates tickets from pasted serials or one system (at once when a config name follows)',
    who: 'refresh admins',
    open: createSubcommand,
  },
  {
    name: 'order-group',
    usage: 'order-group [new | <name or id>]',
    summary: 'groups tickets waiting for ordering, shows the manifest, sends it for approval, records the PO',
    who: 'refresh admins (approvers of its configs approve)',
    open: orderGroupSubcommand,
  },
  {
    name: 'assign',
    usage: 'assign [<existing-serial> <replacement-serial> lines]',
    summary: 'assigns replacements in bulk; the tickets move to pending ITSM existence',
    who: 'refresh admins',
    open: assignSubcommand,
  },
  {
    name: 'tracking',
    usage: 'tracking [<number|serial> <tracking-number> lines]',
    summary:
      'records tracking numbers of shipped replacements and tells each customer; alone, opens the paste form',
    who: 'refresh managers and admins',
    open: trackingSubcommand,
  },
  {
    name: 'reschedule',
    usage: 'reschedule [<number|serial>]',
    summary:
      'asks a customer to pick a new delivery time or assigns one; alone, reschedules a team’s days in bulk (admins)',
    who: 'refresh managers; bulk for refresh admins',
    open: rescheduleSubcommand,
  },
  {
    name: 'calendar',
    usage: 'calendar [team]',
    summary: 'shows free and booked schedule slots for the next two weeks, and (staff) the calendar feeds',
    who: 'everyone; feed addresses for managers, admins and slot admins',
    run: calendarSubcommand,
  },
  {
    name: 'slots',
    usage: 'slots [team]',
    summary: 'lists the team’s slots of the next two weeks with their bookings, and deletes slots',
    who: 'the team’s schedule slot admins',
    open: slotsSubcommand,
  },
];
