import type { Button, KnownBlock } from '@slack/types';
import type { BatchLookupResult, RefreshStyle } from '../../../src/domain/refresh/enums.js';
import type {
  BatchCreation,
  SkipReason,
} from '../../../src/services/refresh/batches/create-tickets-from-batch.js';
import type { BatchView } from '../../../src/services/refresh/batches/get-batch.js';
import type { BatchListItem } from '../../../src/services/refresh/batches/list-batches.js';
import { ids } from '../../../src/slack/ids.js';
import { batchValue } from '../../../src/slack/values/refresh.js';
import {
  joinMd,
  type Mrkdwn,
  md,
  messageText,
  mrkdwn,
  plain,
  type SlackMessage,
  slackDate,
  statusLabel,
  truncate,
  truncateMd,
  userMention,
} from '../../shared/text.js';

const sectionLimit = 3000;

/** Plain text (its backticks show as code once escaped, like any text). */
export const batchUsage =
  'Usage: `/otto batch new [name]` opens the form (or put the serials on the lines after the name), `/otto batch <name or id>` shows a batch, `/otto batch` lists the latest.';

/** What each lookup result is called in counts. */
export const lookupResultLabels: Record<BatchLookupResult, string> = {
  ready: 'Ready',
  unknown_serial: 'Unknown serial',
  no_group: 'No group',
  no_user: 'No user',
  no_support_team: 'No support team',
  open_ticket: 'Already has an open ticket',
  pending: 'Not looked up yet',
  no_slack_account: 'No Slack account',
};

/** Why a serial got no ticket, after the serial. */
export const skipReasons: Record<SkipReason, string> = {
  pending: 'not looked up yet',
  unknown_serial: 'not in the inventory',
  no_group: 'no group',
  no_user: 'no user',
  no_support_team: 'no support team',
  open_ticket: 'already has an open ticket',
};

/** What a batch message says after a serial that is not plainly ready. */
export const lookupNotes: Record<Exclude<BatchLookupResult, 'ready'>, string> = {
  ...skipReasons,
  no_user: 'no user: it can get a no-customer ticket (lab, loaner) only',
  no_slack_account:
    'the user has no Slack account: a ticket can be made, and Otto writes to them by e-mail only',
};

/** Lookup results that stop a ticket of any style. */
const blocking = new Set<BatchLookupResult>([
  'unknown_serial',
  'no_group',
  'no_support_team',
  'open_ticket',
  'pending',
]);

/**
 * Whether a serial needs attention before its ticket can be made: a missing user only matters
 * to tickets with a customer, so not when the batch's config is a no-customer one.
 */
export const needsAttention = (result: BatchLookupResult, configStyle: RefreshStyle | null) =>
  blocking.has(result) || (result === 'no_user' && configStyle !== 'no_customer');

const problemOrder: SkipReason[] = [
  'unknown_serial',
  'no_group',
  'no_user',
  'no_support_team',
  'open_ticket',
  'pending',
];

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export interface CreationSummary {
  created: number;
  configName: string;
  style: RefreshStyle;
  invitationDueAt: Date | null;
  /** The zone the invitation's time is written in (the organisation's). */
  timeZone: string;
}

/** "Created 5 tickets with *LSA on prem* (on prem); invitations go out …". */
export function creationSentence(summary: CreationSummary): Mrkdwn {
  const { created, configName, style, invitationDueAt, timeZone } = summary;
  if (created === 0) return md`No ticket was created.`;
  const made = md`Created ${plural(created, 'ticket')} with *${configName}* (${statusLabel(style)})`;
  if (invitationDueAt === null) {
    return md`${made}. No customer: they go straight to *pending ordering* and invite nobody.`;
  }
  return md`${made}. ${created === 1 ? 'The invitation goes' : 'Invitations go'} out ${slackDate(invitationDueAt, timeZone)}.`;
}

/** `/otto create <serial> <config>`: "Created ticket #12 for SN1 with *LSA on prem* (on prem). …". */
export function ticketCreatedSentence(
  summary: Omit<CreationSummary, 'created'> & {
    ticketId: number;
    serial: string;
    replacement?: string | undefined;
  },
): Mrkdwn {
  const replacing = summary.replacement ? md` (replacement ${summary.replacement})` : '';
  const made = md`Created ticket #${summary.ticketId} for ${summary.serial}${replacing} with *${summary.configName}* (${statusLabel(summary.style)})`;
  return summary.invitationDueAt === null
    ? md`${made}. No customer: it goes straight to *pending ordering* and invites nobody.`
    : md`${made}. The invitation goes out ${slackDate(summary.invitationDueAt, summary.timeZone)}.`;
}

/** "Skipped 4: 1 not in the inventory, 3 no group." */
export function skippedSentence(skipped: Partial<Record<SkipReason, number>>): Mrkdwn | undefined {
  const parts = problemOrder
    .filter((reason) => (skipped[reason] ?? 0) > 0)
    .map((reason) => `${(skipped[reason] ?? 0).toLocaleString('en-US')} ${skipReasons[reason]}`);
  if (parts.length === 0) return undefined;
  const total = Object.values(skipped).reduce((sum, n) => sum + (n ?? 0), 0);
  return md`Skipped ${total.toLocaleString('en-US')}: ${parts.join(', ')}.`;
}

/** Duplicates dropped from a paste, named (the first few) so the admin can check their list. */
export function duplicatesSentence(duplicates: readonly string[]): Mrkdwn | undefined {
  if (duplicates.length === 0) return undefined;
  const shown = duplicates.slice(0, 10).join(', ');
  const more = duplicates.length > 10 ? ` and ${duplicates.length - 10} more` : '';
  return md`${plural(duplicates.length, 'serial')} appeared more than once and ${duplicates.length === 1 ? 'was' : 'were'} kept once: ${shown}${more}.`;
}

/** The problem serials as a list, each with its reason; within one section's limit. */
export function problemList(
  problems: ReadonlyArray<{ serial: string; reason: Exclude<BatchLookupResult, 'ready'> }>,
  reasons: Record<Exclude<BatchLookupResult, 'ready'>, string> = lookupNotes,
): Mrkdwn {
  return truncateMd(
    joinMd(
      problems.map((p) => md`• ${truncate(p.serial, 64)} — ${reasons[p.reason]}`),
      md`\n`,
    ),
    sectionLimit - 200,
  );
}

/** Serials "Create tickets" may turn into tickets, with one config style or another. */
export const creatableCount = (counts: Record<BatchLookupResult, number>) =>
  counts.ready + counts.no_slack_account + counts.no_user;

/** "2 of them have no Slack account: …", after a creation. */
export function withoutSlackSentence(count: number): Mrkdwn {
  return md`${count === 1 ? 'One customer has' : `${count.toLocaleString('en-US')} customers have`} no Slack account: Otto writes to them by e-mail only, and tells them whom to contact.`;
}

export interface BatchMessage {
  batch: BatchView;
  /** The zone its times are written in (the organisation's). */
  timeZone: string;
  /** While the lookup runs: how far it got. */
  progress?: { done: number; total: number };
  duplicates?: readonly string[];
  /** The outcome of the last "Create tickets". */
  creation?: BatchCreation;
}

function header(batch: BatchView, timeZone: string): KnownBlock[] {
  return [
    { type: 'header', text: plain(`Batch: ${batch.name}`, 150) },
    {
      type: 'context',
      elements: [
        mrkdwn(
          md`#${batch.id} · ${plural(batch.total, 'serial')} · created by ${userMention(batch.createdBy)}${
            batch.lookedUpAt ? md` · looked up ${slackDate(batch.lookedUpAt, timeZone)}` : ''
          }`,
        ),
      ],
    },
  ];
}

/** "Looking up N serials… x/N": the message while the lookup runs. */
export function renderBatchProgress(
  message: BatchMessage & { progress: { done: number; total: number } },
): SlackMessage {
  const { batch, progress } = message;
  const line = `Looking up ${plural(progress.total, 'serial')}… ${progress.done.toLocaleString('en-US')}/${progress.total.toLocaleString('en-US')}`;
  const blocks: KnownBlock[] = [
    ...header(batch, message.timeZone),
    { type: 'section', text: mrkdwn(md`:hourglass_flowing_sand: ${line}`) },
  ];
  const duplicates = duplicatesSentence(message.duplicates ?? []);
  if (duplicates) blocks.push({ type: 'context', elements: [mrkdwn(duplicates)] });
  return { text: messageText(md`Batch ${batch.name}: ${line}`), blocks };
}

/**
 * The one message that shows a batch: counts per lookup result, the first problem serials
 * with their reason, the outcome of the last creation, and the buttons that act on it.
 */
export function renderBatchMessage(message: BatchMessage): SlackMessage {
  if (message.progress) return renderBatchProgress({ ...message, progress: message.progress });
  const { batch, creation } = message;
  const { counts } = batch;
  const blocks = header(batch, message.timeZone);

  const countLines = [md`*Tickets created:* ${batch.ticketsCreated.toLocaleString('en-US')}`];
  countLines.push(md`*${lookupResultLabels.ready}:* ${counts.ready.toLocaleString('en-US')}`);
  for (const result of [...problemOrder, 'no_slack_account'] as const) {
    if (counts[result] > 0)
      countLines.push(md`*${lookupResultLabels[result]}:* ${counts[result].toLocaleString('en-US')}`);
  }
  blocks.push({ type: 'section', text: mrkdwn(joinMd(countLines, md`\n`)) });

  const attention = (result: BatchLookupResult) => needsAttention(result, batch.configStyle);
  const problemCount = problemOrder.reduce(
    (sum, result) => sum + (attention(result) ? counts[result] : 0),
    0,
  );
  const listed = batch.problems.filter((p) => attention(p.result));
  if (problemCount > 0) {
    const title =
      problemCount > listed.length
        ? md`*The first ${listed.length} of ${problemCount.toLocaleString('en-US')} serials that need attention*`
        : md`*${problemCount === 1 ? 'The serial' : 'Serials'} that need${problemCount === 1 ? 's' : ''} attention*`;
    const list = problemList(listed.map((p) => ({ serial: p.serial, reason: p.result })));
    blocks.push({ type: 'section', text: mrkdwn(md`${title}\n${list}`) });
  }
  // Serials that can get their ticket, with what to know about them (no Slack, or a lab without a user).
  const notedCount = counts.no_slack_account + (attention('no_user') ? 0 : counts.no_user);
  const noted = batch.problems.filter((p) => !attention(p.result));
  if (notedCount > 0) {
    const title =
      notedCount > noted.length
        ? md`*The first ${noted.length} of ${notedCount.toLocaleString('en-US')} serials to know about*`
        : md`*Good to know*`;
    const list = problemList(noted.map((p) => ({ serial: p.serial, reason: p.result })));
    blocks.push({ type: 'section', text: mrkdwn(noted.length > 0 ? md`${title}\n${list}` : title) });
  }

  const duplicates = duplicatesSentence(message.duplicates ?? []);
  if (duplicates) blocks.push({ type: 'context', elements: [mrkdwn(duplicates)] });

  if (creation) {
    const lines =
      creation.ticketIds.length === 0 && creation.alreadyCreated > 0 && counts.ready === 0
        ? [
            md`Nothing was created: the ${plural(creation.alreadyCreated, 'ready serial')} of this batch already ${creation.alreadyCreated === 1 ? 'has its ticket' : 'have their tickets'}.`,
          ]
        : [
            creationSentence({
              created: creation.ticketIds.length,
              configName: creation.configName,
              style: creation.style,
              invitationDueAt: creation.invitationDueAt,
              timeZone: creation.timeZone,
            }),
          ];
    if (creation.withoutSlack > 0) lines.push(withoutSlackSentence(creation.withoutSlack));
    const skipped = skippedSentence(creation.skipped);
    if (skipped) lines.push(skipped);
    blocks.push({ type: 'section', text: mrkdwn(joinMd(lines, md`\n`)) });
  }

  const buttons: Button[] = [];
  const value = batchValue.encode({ batchId: batch.id });
  if (creatableCount(counts) > 0) {
    buttons.push({
      type: 'button',
      action_id: ids.batchCreateTickets,
      text: plain('Create tickets'),
      style: 'primary',
      value,
    });
  }
  if (batch.total > batch.ticketsCreated) {
    buttons.push({ type: 'button', action_id: ids.batchLookUpAgain, text: plain('Look up again'), value });
  }
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });

  const n = (count: number) => count.toLocaleString('en-US');
  const summary = md`Batch ${batch.name}: ${n(counts.ready + counts.no_slack_account)} ready, ${n(problemCount)} need attention, ${n(batch.ticketsCreated)} tickets created`;
  return { text: messageText(summary), blocks };
}

/** `/otto batch`: the latest batches. */
export function renderBatchList(items: readonly BatchListItem[]): SlackMessage {
  if (items.length === 0) {
    const text = md`There are no batches yet. ${batchUsage}`;
    return { text: messageText(text), blocks: [{ type: 'section', text: mrkdwn(text) }] };
  }
  const lines = joinMd(
    items.map(
      (b) =>
        md`• *#${b.id} ${truncate(b.name, 80)}* — ${plural(b.total, 'serial')}, ${plural(b.ticketsCreated, 'ticket')} created · ${userMention(b.createdBy)}`,
    ),
    md`\n`,
  );
  return {
    text: messageText(md`Latest batches:\n${lines}`),
    blocks: [
      { type: 'section', text: mrkdwn(md`*Latest batches*\n${lines}`) },
      { type: 'context', elements: [mrkdwn(md`${batchUsage}`)] },
    ],
  };
}
