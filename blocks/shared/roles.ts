import type { KnownBlock } from '@slack/types';
import { type RoleName, roleLabels, roleNames } from '../../src/domain/enums.js';
import {
  joinMd,
  type Mrkdwn,
  md,
  messageText,
  mrkdwn,
  plain,
  type SlackMessage,
  userMention,
} from './text.js';

export interface RoleHolderView {
  userId: string;
  role: RoleName;
  scope: string;
}

/** Plain text (its backticks show as code once escaped, like any text). */
export const roleUsage =
  'Usage: `/otto roles` to list, `/otto roles grant @person <role> [team]`, `/otto roles revoke @person <role> [team]`. ' +
  `Roles: ${roleNames.map((r) => `\`${r}\``).join(', ')}.`;

/** Who holds which role, grouped by role; one section per role keeps each under Slack's text limit. */
export function renderRoleHolders(holders: readonly RoleHolderView[]): SlackMessage {
  const blocks: KnownBlock[] = [{ type: 'header', text: plain('Roles in Otto') }];
  for (const role of roleNames) {
    const mine = holders.filter((h) => h.role === role);
    if (mine.length === 0) continue;
    const list = joinMd(
      mine.map((h) => md`${userMention(h.userId)}${h.scope ? md` (${h.scope})` : ''}`),
      md`, `,
    );
    blocks.push({ type: 'section', text: mrkdwn(md`*${roleLabels[role]}*\n${list}`) });
  }
  if (blocks.length === 1) blocks.push({ type: 'section', text: mrkdwn(md`Nobody holds a role yet.`) });
  blocks.push({ type: 'context', elements: [mrkdwn(md`${roleUsage}`)] });
  return { text: messageText(md`Roles in Otto: ${holders.length} granted`), blocks };
}

export function roleChanged(
  verb: 'granted' | 'revoked',
  userId: string,
  role: RoleName,
  scope: string,
): Mrkdwn {
  const what = md`*${roleLabels[role]}*${scope ? md` for ${scope}` : ''}`;
  return verb === 'granted'
    ? md`${userMention(userId)} is now ${what}.`
    : md`${userMention(userId)} is no longer ${what}.`;
}
