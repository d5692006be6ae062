import type { Button, KnownBlock } from '@slack/types';
import type { ConfigListPage } from '../../../src/services/refresh/configs/list-configs.js';
import { ids } from '../../../src/slack/ids.js';
import { configPageValue, configValue } from '../../../src/slack/values/refresh.js';
import { joinMd, md, messageText, mrkdwn, plain, type SlackMessage, userMention } from '../../shared/text.js';
import { configStyleLabels } from '../modals/config-form.js';

export const configUsage =
  'Usage: `/otto config` to list, `/otto config new` to create one, `/otto config edit <name or id>` to edit one.';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * `/otto config`: one section per config (name, style, unit, approvers, ticket counts) with
 * an Edit button; pages of 20 keep it far below a message's 50 blocks.
 */
export function renderConfigList(page: ConfigListPage): SlackMessage {
  const blocks: KnownBlock[] = [{ type: 'header', text: plain('Refresh configs') }];
  if (page.total === 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(md`There are no refresh configs yet. Every ticket is made with one: create the first.`),
    });
  }
  for (const config of page.configs) {
    const where = [configStyleLabels[config.style], config.unitName].filter(Boolean).join(' · ');
    const approvers =
      config.approvers.length > 0 ? joinMd(config.approvers.map(userMention), md`, `) : md`_none_`;
    blocks.push({
      type: 'section',
      block_id: `config_${config.id}`,
      text: mrkdwn(
        md`*${config.name}* (#${config.id})\n${where}\nApprovers: ${approvers}\nTickets: ${config.openTickets} open, ${config.totalTickets} in all`,
      ),
      accessory: {
        type: 'button',
        action_id: ids.configEdit,
        text: plain('Edit'),
        value: configValue.encode({ configId: config.id }),
      },
    });
  }
  if (page.total > 0) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          page.pageCount > 1
            ? md`Page ${page.page} of ${page.pageCount} · ${plural(page.total, 'config')}`
            : md`${plural(page.total, 'config')}`,
        ),
      ],
    });
  }
  const buttons: Button[] = [
    { type: 'button', action_id: ids.configNew, text: plain('New config'), style: 'primary' },
  ];
  if (page.page > 1) {
    buttons.push({
      type: 'button',
      action_id: ids.configPagePrevious,
      text: plain('Previous page'),
      value: configPageValue.encode({ page: page.page - 1 }),
    });
  }
  if (page.page < page.pageCount) {
    buttons.push({
      type: 'button',
      action_id: ids.configPageNext,
      text: plain('Next page'),
      value: configPageValue.encode({ page: page.page + 1 }),
    });
  }
  blocks.push({ type: 'actions', block_id: 'config_list_actions', elements: buttons });
  return {
    text: messageText(
      page.total === 0
        ? md`There are no refresh configs yet.`
        : md`Refresh configs: ${plural(page.total, 'config')}${page.pageCount > 1 ? `, page ${page.page} of ${page.pageCount}` : ''}`,
    ),
    blocks,
  };
}
