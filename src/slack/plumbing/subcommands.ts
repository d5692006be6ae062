import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { type CommandHelp, type HelpGroup, renderHelp } from '../../../blocks/shared/help.js';
import type { MessageText } from '../../../blocks/shared/text.js';
import type { ServiceContext } from '../../services/context.js';
import { type CommandViewer, commandViewer } from '../../services/people/command-audience.js';
import { caseSubcommand } from '../listeners/desk/commands/case.js';
import { deskSubcommand } from '../listeners/desk/commands/desk.js';
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

/** Who may use a form of a command: checked again on the server when it runs (SPEC §1). */
type Audience = (viewer: CommandViewer) => boolean;
const everyone: Audience = () => true;
const managers: Audience = (v) => v.manager;
const admins: Audience = (v) => v.admin;
const approvers: Audience = (v) => v.approver || v.manager;
const slotAdmins: Audience = (v) => v.slotAdmin;
const deskAdmins: Audience = (v) => v.deskAdmin;
/** Staff see the calendar feeds; the rest of the workspace sees the calendar alone. */
const staff: Audience = (v) => v.manager || v.slotAdmin;
const notStaff: Audience = (v) => !staff(v);

const helpGroups = [
  'Refresh tickets',
  'Service desk',
  'Creating tickets',
  'Ordering',
  'Schedules',
  'People',
  'Help',
] as const;
type HelpGroupTitle = (typeof helpGroups)[number];

/** One way to type a command, what it does, and who may use it. */
interface CommandForm extends CommandHelp {
  for: Audience;
}

interface Subcommand {
  name: string;
  group: HelpGroupTitle;
  /** Each form `help` lists to the people it is `for`; keep a usage short enough for a DM's width. */
  forms: readonly CommandForm[];
  /** Answers at once with an ephemeral reply (fast: database work only). */
  run?(ctx: ServiceContext, userId: string, words: string[]): SubcommandReply | Promise<SubcommandReply>;
  /**
   * Acked first, then run: opens modals (the trigger_id lives 3 s) or posts messages. A reply
   * it returns is sent ephemerally through the command's response_url.
   */
  open?(interaction: SubcommandInteraction): Promise<SubcommandReply | undefined>;
}

/** The groups of commands `viewer` may use, in the order help shows them. */
export function helpFor(viewer: CommandViewer): HelpGroup[] {
  return helpGroups.map((title) => ({
    title,
    commands: subcommands
      .filter((s) => s.group === title)
      .flatMap((s) => s.forms.filter((form) => form.for(viewer)))
      .map(({ usage, summary }) => ({ usage, summary })),
  }));
}

/** Every `/otto` subcommand; `help` lists them, so a new one is added here and nowhere else. */
export const subcommands: readonly Subcommand[] = [
  {
    name: 'help',
    group: 'Help',
    forms: [{ usage: 'help', summary: 'Lists the commands you can use.', for: everyone }],
    run: async (ctx, userId) => renderHelp(helpFor(await commandViewer(ctx, userId))),
  },
  {
    name: 'roles',
    group: 'People',
    forms: [
      { usage: 'roles', summary: 'Lists who holds which role.', for: admins },
      {
        usage: 'roles grant @person <role> [team]',
        summary: 'Grants a role; a schedule slot admin’s names their team.',
        for: admins,
      },
      { usage: 'roles revoke @person <role> [team]', summary: 'Takes a role away.', for: admins },
    ],
    run: rolesSubcommand,
  },
  {
    name: 'case',
    group: 'Service desk',
    forms: [
      {
        usage: 'case',
        summary:
          'Opens a case with the service desk (a problem, a question, a request), for you or on someone’s behalf.',
        for: everyone,
      },
      {
        usage: 'case <number>',
        summary: 'Shows a case you work on or asked for, with its history and conversation.',
        for: everyone,
      },
    ],
    open: caseSubcommand,
  },
  {
    name: 'desk',
    group: 'Service desk',
    forms: [
      {
        usage: 'desk',
        summary: 'Sets up the service desk: support groups, categories, accounts and dispatcher rules.',
        for: deskAdmins,
      },
      {
        usage: 'desk route <subject> | <details>',
        summary:
          'Says which rule would route a case with that subject and description, and why; opens nothing.',
        for: deskAdmins,
      },
    ],
    open: deskSubcommand,
  },
  {
    name: 'ticket',
    group: 'Refresh tickets',
    forms: [
      {
        usage: 'ticket <number|serial>',
        summary: 'Shows a refresh ticket with its history and the buttons to act on it.',
        for: approvers,
      },
    ],
    open: ticketSubcommand,
  },
  {
    name: 'problems',
    group: 'Refresh tickets',
    forms: [
      {
        usage: 'problems',
        summary: 'Lists tickets waiting for staff: location info missing, replacement not in the ITSM yet.',
        for: managers,
      },
    ],
    open: problemsSubcommand,
  },
  {
    name: 'hold',
    group: 'Refresh tickets',
    forms: [
      {
        usage: 'hold <number|serial>',
        summary: 'Puts a ticket on hold; the ticket card has the same button.',
        for: managers,
      },
    ],
    run: manageSubcommand('hold'),
  },
  {
    name: 'resume',
    group: 'Refresh tickets',
    forms: [
      {
        usage: 'resume <number|serial>',
        summary: 'Lifts a hold: the ticket returns to the status it had.',
        for: managers,
      },
    ],
    run: manageSubcommand('resume'),
  },
  {
    name: 'cancel',
    group: 'Refresh tickets',
    forms: [{ usage: 'cancel <number|serial>', summary: 'Cancels a ticket for good.', for: managers }],
    run: manageSubcommand('cancel'),
  },
  {
    name: 'tracking',
    group: 'Refresh tickets',
    forms: [
      {
        usage: 'tracking',
        summary: 'Opens the form to paste tracking numbers of shipped replacements.',
        for: managers,
      },
      {
        usage: 'tracking <ticket> <tracking-no>',
        summary:
          'Records tracking numbers, a ticket’s number or serial and its tracking number a line, and tells each customer.',
        for: managers,
      },
    ],
    open: trackingSubcommand,
  },
  {
    name: 'reschedule',
    group: 'Schedules',
    forms: [
      {
        usage: 'reschedule <number|serial>',
        summary: 'Asks the customer to pick a new delivery time, or assigns one.',
        for: managers,
      },
      { usage: 'reschedule', summary: 'Reschedules a team’s days in bulk.', for: admins },
    ],
    open: rescheduleSubcommand,
  },
  {
    name: 'config',
    group: 'Creating tickets',
    forms: [
      { usage: 'config', summary: 'Lists the refresh configs.', for: admins },
      { usage: 'config new', summary: 'Creates a refresh config.', for: admins },
      { usage: 'config edit <name or id>', summary: 'Edits a refresh config.', for: admins },
    ],
    open: configSubcommand,
  },
  {
    name: 'import',
    group: 'Creating tickets',
    forms: [
      {
        usage: 'import <what>',
        summary:
          'Imports a pasted or attached CSV file of systems, units, models, peripherals, software or support_teams.',
        for: admins,
      },
      {
        usage: 'import <desk kind>',
        summary:
          'Imports a CSV file of the service desk’s groups, categories, accounts or rules (dispatcher rules).',
        for: deskAdmins,
      },
    ],
    open: importSubcommand,
  },
  {
    name: 'batch',
    group: 'Creating tickets',
    forms: [
      { usage: 'batch', summary: 'Lists the latest batches.', for: admins },
      {
        usage: 'batch new [name]',
        summary: 'Looks up a named list of pasted serials, to create tickets from it.',
        for: admins,
      },
      { usage: 'batch <name or id>', summary: 'Shows a batch and what it is ready for.', for: admins },
    ],
    open: batchSubcommand,
  },
  {
    name: 'create',
    group: 'Creating tickets',
    forms: [
      { usage: 'create', summary: 'Creates tickets from pasted serials.', for: admins },
      {
        usage: 'create <serial> [config]',
        summary: 'Creates a ticket for one system; at once when a config name follows.',
        for: admins,
      },
    ],
    open: createSubcommand,
  },
  {
    name: 'order-group',
    group: 'Ordering',
    forms: [
      {
        usage: 'order-group',
        summary: 'Lists the order groups and the tickets waiting for ordering.',
        for: admins,
      },
      { usage: 'order-group new', summary: 'Groups tickets waiting for ordering.', for: admins },
      {
        usage: 'order-group <name or id>',
        summary: 'Shows the manifest, sends it to the approvers, records the PO.',
        for: admins,
      },
    ],
    open: orderGroupSubcommand,
  },
  {
    name: 'assign',
    group: 'Ordering',
    forms: [
      {
        usage: 'assign',
        summary: 'Opens the form to paste `existing-serial replacement-serial` lines.',
        for: admins,
      },
      {
        usage: 'assign <existing> <replacement>',
        summary: 'Assigns replacements in bulk, one pair a line; the tickets go to the ITSM lookup.',
        for: admins,
      },
    ],
    open: assignSubcommand,
  },
  {
    name: 'calendar',
    group: 'Schedules',
    forms: [
      {
        usage: 'calendar [team]',
        summary: 'Shows free and booked delivery times of the next two weeks.',
        for: notStaff,
      },
      {
        usage: 'calendar [team]',
        summary:
          'Shows free and booked delivery times of the next two weeks, and the calendar feeds to subscribe to.',
        for: staff,
      },
    ],
    run: calendarSubcommand,
  },
  {
    name: 'slots',
    group: 'Schedules',
    forms: [
      {
        usage: 'slots [team]',
        summary: 'Lists your team’s slots of the next two weeks with their bookings, to delete slots.',
        for: slotAdmins,
      },
    ],
    open: slotsSubcommand,
  },
];
