import type { KnownBlock } from '@slack/types';
import { type RoleName, roleLabels, roleNames } from '../../src/domain/enums.js';
import { escapeMrkdwn, mrkdwn, plain, truncate, userMention } from './text.js';

export interface RoleHolderView {
  userId: string;
  role: RoleName;
  scope: string;
}

const SECTION_TEXT_LIMIT = 3000;

export const roleUsage =
  'Usage: `/otto roles` to list, `/otto roles grant @person <role> [team]`, `/otto roles revoke @person <role> [team]`. ' +
  `Roles: ${roleNames.map((r) => `\`${r}\``).join(', ')}.`;

/** Who holds which role, grouped by role; one section per role keeps each under Slack's text limit. */
export function renderRoleHolders(holders: readonly RoleHolderView[]): {
  text: string;
  blocks: KnownBlock[];
} {
  const blocks: KnownBlock[] = [{ type: 'header', text: plain('Roles in Otto') }];
  for (const role of roleNames) {
    const mine = holders.filter((h) => h.role === role);
    if (mine.length === 0) continue;
    const list = mine
      .map((h) => `${userMention(h.userId)}${h.scope ? ` (${escapeMrkdwn(h.scope)})` : ''}`)
      .join(', ');
    blocks.push({
      type: 'section',
      text: mrkdwn(truncate(`*${roleLabels[role]}*\n${list}`, SECTION_TEXT_LIMIT)),
    });
  }
  if (blocks.length === 1) blocks.push({ type: 'section', text: mrkdwn('Nobody holds a role yet.') });
  blocks.push({ type: 'context', elements: [mrkdwn(roleUsage)] });
  return { text: `Roles in Otto: ${holders.length} granted`, blocks };
}

export function roleChanged(
  verb: 'granted' | 'revoked',
  userId: string,
  role: RoleName,
  scope: string,
): string {
  const what = `*${roleLabels[role]}*${scope ? ` for ${escapeMrkdwn(scope)}` : ''}`;
  return verb === 'granted'
    ? `${userMention(userId)} is now ${what}.`
    : `${userMention(userId)} is no longer ${what}.`;
}
