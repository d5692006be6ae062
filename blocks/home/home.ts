import type { HomeView, KnownBlock } from '@slack/types';
import { type RoleName, roleLabels } from '../../src/domain/enums.js';
import type { HomeViewModel } from '../../src/services/get-home.js';
import { escapeMrkdwn, mrkdwn, plain, statusLabel, userMention } from '../text.js';

const MAX_LISTED_TICKETS = 20;

/** The App Home tab, by role: each person sees the part of Otto that is theirs (SPEC §5). */
export function renderHome(vm: HomeViewModel): HomeView {
  const labels = [
    ...vm.roles.map((role: RoleName) => roleLabels[role]),
    ...(vm.isApprover ? ['Approver'] : []),
  ];
  if (vm.myTickets.length > 0) labels.push('Customer');
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain('Otto') },
    {
      type: 'section',
      text: mrkdwn(
        `Hi ${userMention(vm.userId)}! ${labels.length > 0 ? `You’re here as *${labels.join('*, *')}*.` : 'Otto coordinates the refresh of your computer.'}`,
      ),
    },
  ];

  if (vm.problems) {
    blocks.push(
      { type: 'divider' },
      { type: 'header', text: plain('Problems') },
      {
        type: 'section',
        fields: [
          mrkdwn(`*Pending location info*\n${vm.problems.pendingLocationInfo}`),
          mrkdwn(`*Pending ITSM existence*\n${vm.problems.pendingItsmExistence}`),
        ],
      },
    );
  }

  if (vm.isApprover) {
    blocks.push(
      { type: 'divider' },
      { type: 'header', text: plain('Awaiting your approval') },
      {
        type: 'section',
        text: mrkdwn(
          vm.awaitingApproval === 0
            ? 'Nothing awaits your approval.'
            : `${vm.awaitingApproval} refresh ticket${vm.awaitingApproval === 1 ? '' : 's'} await your approval.`,
        ),
      },
    );
  }

  for (const { team, upcomingSlots } of vm.slotTeams) {
    blocks.push(
      { type: 'divider' },
      {
        type: 'section',
        text: mrkdwn(
          `*Schedule slots · ${escapeMrkdwn(team)}*\n${upcomingSlots} slot${upcomingSlots === 1 ? '' : 's'} in the next two weeks.`,
        ),
      },
    );
  }

  blocks.push({ type: 'divider' }, { type: 'header', text: plain('Your refresh') });
  if (vm.myTickets.length === 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn('You have no refresh in progress. Otto will message you when a computer of yours is due.'),
    });
  } else {
    for (const ticket of vm.myTickets.slice(0, MAX_LISTED_TICKETS)) {
      const system = escapeMrkdwn(ticket.systemName ?? ticket.serial);
      blocks.push({
        type: 'section',
        text: mrkdwn(
          `*#${ticket.id}* · ${system} (${escapeMrkdwn(ticket.serial)})${ticket.asDelegate ? ' · as delegate' : ''}\nStatus: ${statusLabel(ticket.status)}`,
        ),
      });
    }
    if (vm.myTickets.length > MAX_LISTED_TICKETS) {
      blocks.push({
        type: 'context',
        elements: [mrkdwn(`…and ${vm.myTickets.length - MAX_LISTED_TICKETS} more.`)],
      });
    }
  }

  blocks.push({ type: 'context', elements: [mrkdwn('Type `/otto help` to see what you can do.')] });
  return { type: 'home', blocks };
}
