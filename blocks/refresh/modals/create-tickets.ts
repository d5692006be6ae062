import type { KnownBlock, ModalView } from '@slack/types';
import type { SerialsCreation } from '../../../src/services/refresh/batches/create-tickets-from-serials.js';
import type { LineProblem } from '../../../src/services/refresh/ordering/parse-assignment-lines.js';
import { ids } from '../../../src/slack/ids.js';
import { type Mrkdwn, md, mdLines, mrkdwn, plain, truncate, truncateMd } from '../../shared/text.js';
import {
  creationSentence,
  duplicatesSentence,
  plural,
  problemList,
  withoutSlackSentence,
} from '../messages/batch.js';
import {
  type ConfigSelect,
  configInput,
  delegateInput,
  noCustomerInput,
  serialsInput,
} from './create-options.js';

/** How many problem serials the result lists; the count covers the rest. */
const listedProblems = 20;

/** Bump-down lines refused, each with its line number and reason; within one section's limit. */
function refusedList(refused: readonly LineProblem[]): Mrkdwn {
  return truncateMd(
    mdLines(refused.map((p) => md`• line ${p.lineNo}: ${truncate(p.text, 140)} — ${p.reason}`)),
    2800,
  );
}

/** `/otto create`: the bulk creator, or creation from one system with its serial filled in. */
export function renderCreateTicketsModal(input: { configs: ConfigSelect; serials?: string }): ModalView {
  return {
    type: 'modal',
    callback_id: ids.createTickets,
    title: plain('Create tickets'),
    submit: plain('Create'),
    close: plain('Cancel'),
    blocks: [
      serialsInput(input.serials),
      configInput(input.configs),
      delegateInput(),
      noCustomerInput(),
      {
        type: 'context',
        elements: [
          mrkdwn(
            md`Otto looks the serials up and creates a ticket for each ready system; the others are listed with the reason. With a bump-down config, paste one \`existing-serial replacement-serial\` pair per line: bump-down tickets carry their replacement from creation.`,
          ),
        ],
      },
    ],
  };
}

/** What the bulk creator did, in place of its form. */
export function renderCreateTicketsResult(result: SerialsCreation): ModalView {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(
        creationSentence({
          created: result.created.length,
          configName: result.configName,
          style: result.style,
          invitationDueAt: result.invitationDueAt,
          timeZone: result.timeZone,
        }),
      ),
    },
  ];
  if (result.created.length > 0) {
    const shown = result.created.slice(0, 50).map((t) => `#${t.ticketId}`);
    const more = result.created.length > 50 ? ` and ${result.created.length - 50} more` : '';
    blocks.push({ type: 'context', elements: [mrkdwn(md`Tickets ${shown.join(', ')}${more}.`)] });
  }
  if (result.withoutSlack.length > 0) {
    const shown = result.withoutSlack.slice(0, 20).map((serial) => truncate(serial, 64));
    const more = result.withoutSlack.length > 20 ? ` and ${result.withoutSlack.length - 20} more` : '';
    blocks.push({
      type: 'section',
      text: mrkdwn(md`${withoutSlackSentence(result.withoutSlack.length)} (${shown.join(', ')}${more})`),
    });
  }
  if (result.problems.length > 0) {
    const title =
      result.problems.length > listedProblems
        ? md`*The first ${listedProblems} of ${plural(result.problems.length, 'serial')} without a ticket*`
        : md`*${plural(result.problems.length, 'serial')} without a ticket*`;
    blocks.push({
      type: 'section',
      text: mrkdwn(md`${title}\n${problemList(result.problems.slice(0, listedProblems))}`),
    });
  }
  if (result.refused.length > 0) {
    const title =
      result.refused.length > listedProblems
        ? md`*The first ${listedProblems} of ${plural(result.refused.length, 'line')} refused*`
        : md`*${plural(result.refused.length, 'line')} refused*`;
    blocks.push({
      type: 'section',
      text: mrkdwn(md`${title}\n${refusedList(result.refused.slice(0, listedProblems))}`),
    });
  }
  const duplicates = duplicatesSentence(result.duplicates);
  if (duplicates) blocks.push({ type: 'context', elements: [mrkdwn(duplicates)] });
  return {
    type: 'modal',
    callback_id: ids.createTickets,
    title: plain(result.created.length > 0 ? 'Tickets created' : 'No tickets created'),
    close: plain('Done'),
    blocks,
  };
}
