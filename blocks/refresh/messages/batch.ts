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
import { escapeMrkdwn, mrkdwn, plain, statusLabel, truncate, userMention } from '../../shared/text.js';

const sectionLimit = 3000;

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

/** Slack shows the instant in the reader's time zone; the fallback is UTC. */
export function slackTime(at: Date): string {
  const fallback = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} at {time}|${fallback}>`;
}

export interface CreationSummary {
  created: number;
  configName: string;
  style: RefreshStyle;
  invitationDueAt: Date | null;
}

/** "Created 5 tickets with *LSA on prem* (on prem); invitations go out …". */
export function creationSentence(summary: CreationSummary): string {
  const { created, configName, style, invitationDueAt } = summary;
  if (created === 0) return 'No ticket was created.';
  const made = `Created ${plural(created, 'ticket')} with *${escapeMrkdwn(configName)}* (${statusLabel(style)})`;
  if (invitationDueAt === null) {
    return `${made}. No customer: they go straight to *pending ordering* and invite nobody.`;
  }
  return `${made}. ${created === 1 ? 'The invitation goes' : 'Invitations go'} out ${slackTime(invitationDueAt)}.`;
}

/** `/otto create <serial> <config>`: "Created ticket #12 for SN1 with *LSA on prem* (on prem). …". */
export function ticketCreatedSentence(
  summary: Omit<CreationSummary, 'created'> & {
    ticketId: number;
    serial: string;
    replacement?: string | undefined;
  },
) {
  const replacing = summary.replacement ? ` (replacement ${escapeMrkdwn(summary.replacement)})` : '';
  const made = `Created ticket #${summary.ticketId} for ${escapeMrkdwn(summary.serial)}${replacing} with *${escapeMrkdwn(summary.configName)}* (${statusLabel(summary.style)})`;
  return summary.invitationDueAt === null
    ? `${made}. No customer: it goes straight to *pending ordering* and invites nobody.`
    : `${made}. The invitation goes out ${slackTime(summary.invitationDueAt)}.`;
}

/** "Skipped 4: 1 not in the inventory, 3 no group." */
export function skippedSentence(skipped: Partial<Record<SkipReason, number>>): string | undefined {
  const parts = problemOrder
    .filter((reason) => (skipped[reason] ?? 0) > 0)
    .map((reason) => `${(skipped[reason] ?? 0).toLocaleString('en-US')} ${skipReasons[reason]}`);
  if (parts.length === 0) return undefined;
  const total = Object.values(skipped).reduce((sum, n) => sum + (n ?? 0), 0);
  return `Skipped ${total.toLocaleString('en-US')}: ${parts.join(', ')}.`;
}

/** Duplicates dropped from a paste, named (the first few) so the admin can check their list. */
export function duplicatesSentence(duplicates: readonly string[]): string | undefined {
  if (duplicates.length === 0) return undefined;
  const shown = duplicates.slice(0, 10).map(escapeMrkdwn).join(', ');
  const more = duplicates.length > 10 ? ` and ${duplicates.length - 10} more` : '';
  return `${plural(duplicates.length, 'serial')} appeared more than once and ${duplicates.length === 1 ? 'was' : 'were'} kept once: ${shown}${more}.`;
}

/** The problem serials as a list, each with its reason; within one section's limit. */
export function problemList(problems: ReadonlyArray<{ serial: string; reason: SkipReason }>): string {
  const lines = problems.map((p) => `• ${escapeMrkdwn(truncate(p.serial, 64))} — ${skipReasons[p.reason]}`);
  return truncate(lines.join('\n'), sectionLimit - 200);
}

export interface BatchMessage {
  batch: BatchView;
  /** While the lookup runs: how far it got. */
  progress?: { done: number; total: number };
  duplicates?: readonly string[];
  /** The outcome of the last "Create tickets". */
  creation?: BatchCreation;
}

function header(batch: BatchView): KnownBlock[] {
  return [
    { type: 'header', text: plain(truncate(`Batch: ${batch.name}`, 150)) },
    {
      type: 'context',
      elements: [
        mrkdwn(
          `#${batch.id} · ${plural(batch.total, 'serial')} · created by ${userMention(batch.createdBy)}${
            batch.lookedUpAt ? ` · looked up ${slackTime(batch.lookedUpAt)}` : ''
          }`,
        ),
      ],
    },
  ];
}

/** "Looking up N serials… x/N": the message while the lookup runs. */
export function renderBatchProgress(message: BatchMessage & { progress: { done: number; total: number } }) {
  const { batch, progress } = message;
  const line = `Looking up ${plural(progress.total, 'serial')}… ${progress.done.toLocaleString('en-US')}/${progress.total.toLocaleString('en-US')}`;
  const blocks: KnownBlock[] = [
    ...header(batch),
    { type: 'section', text: mrkdwn(`:hourglass_flowing_sand: ${line}`) },
  ];
  const duplicates = duplicatesSentence(message.duplicates ?? []);
  if (duplicates) blocks.push({ type: 'context', elements: [mrkdwn(duplicates)] });
  return { text: `Batch ${escapeMrkdwn(batch.name)}: ${line}`, blocks };
}

/**
 * The one message that shows a batch: counts per lookup result, the first problem serials
 * with their reason, the outcome of the last creation, and the buttons that act on it.
 */
export function renderBatchMessage(message: BatchMessage): { text: string; blocks: KnownBlock[] } {
  if (message.progress) return renderBatchProgress({ ...message, progress: message.progress });
  const { batch, creation } = message;
  const { counts } = batch;
  const blocks = header(batch);

  const countLines = [`*Tickets created:* ${batch.ticketsCreated.toLocaleString('en-US')}`];
  countLines.push(`*${lookupResultLabels.ready}:* ${counts.ready.toLocaleString('en-US')}`);
  for (const result of problemOrder) {
    if (counts[result] > 0)
      countLines.push(`*${lookupResultLabels[result]}:* ${counts[result].toLocaleString('en-US')}`);
  }
  blocks.push({ type: 'section', text: mrkdwn(countLines.join('\n')) });

  const problemCount = problemOrder.reduce((sum, result) => sum + counts[result], 0);
  if (problemCount > 0) {
    const title =
      problemCount > batch.problems.length
        ? `*The first ${batch.problems.length} of ${problemCount.toLocaleString('en-US')} serials that need attention*`
        : `*${problemCount === 1 ? 'The serial' : 'Serials'} that need${problemCount === 1 ? 's' : ''} attention*`;
    const list = problemList(batch.problems.map((p) => ({ serial: p.serial, reason: p.result })));
    blocks.push({ type: 'section', text: mrkdwn(`${title}\n${list}`) });
  }

  const duplicates = duplicatesSentence(message.duplicates ?? []);
  if (duplicates) blocks.push({ type: 'context', elements: [mrkdwn(duplicates)] });

  if (creation) {
    const lines =
      creation.ticketIds.length === 0 && creation.alreadyCreated > 0 && counts.ready === 0
        ? [
            `Nothing was created: the ${plural(creation.alreadyCreated, 'ready serial')} of this batch already ${creation.alreadyCreated === 1 ? 'has its ticket' : 'have their tickets'}.`,
          ]
        : [
            creationSentence({
              created: creation.ticketIds.length,
              configName: creation.configName,
              style: creation.style,
              invitationDueAt: creation.invitationDueAt,
            }),
          ];
    const skipped = skippedSentence(creation.skipped);
    if (skipped) lines.push(skipped);
    blocks.push({ type: 'section', text: mrkdwn(truncate(lines.join('\n'), sectionLimit)) });
  }

  const buttons: Button[] = [];
  const value = batchValue.encode({ batchId: batch.id });
  if (counts.ready > 0) {
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
  const summary = `Batch ${escapeMrkdwn(batch.name)}: ${n(counts.ready)} ready, ${n(problemCount)} need attention, ${n(batch.ticketsCreated)} tickets created`;
  return { text: summary, blocks };
}

/** `/otto batch`: the latest batches. */
export function renderBatchList(items: readonly BatchListItem[]): { text: string; blocks: KnownBlock[] } {
  if (items.length === 0) {
    const text = `There are no batches yet. ${batchUsage}`;
    return { text, blocks: [{ type: 'section', text: mrkdwn(text) }] };
  }
  const lines = items.map(
    (b) =>
      `• *#${b.id} ${escapeMrkdwn(truncate(b.name, 80))}* — ${plural(b.total, 'serial')}, ${plural(b.ticketsCreated, 'ticket')} created · ${userMention(b.createdBy)}`,
  );
  return {
    text: `Latest batches:\n${lines.join('\n')}`,
    blocks: [
      { type: 'section', text: mrkdwn(`*Latest batches*\n${lines.join('\n')}`) },
      { type: 'context', elements: [mrkdwn(batchUsage)] },
    ],
  };
}
