import type { KnownBlock } from '@slack/types';
import { joinMd, type Mrkdwn, md, mdLines, messageText, mrkdwn, plain, type SlackMessage } from './text.js';

/** One way to type a command, and what it does. */
export interface CommandHelp {
  /** What follows `/otto`, e.g. `ticket <number|serial>`. */
  usage: string;
  summary: string;
}

/** Commands that belong together, under a title. */
export interface HelpGroup {
  title: string;
  commands: readonly CommandHelp[];
}

const SECTION_LIMIT = 3000;

/** One command: its usage on a line of its own (short, so it fits a DM's width), then what it does. */
const commandText = (command: CommandHelp): Mrkdwn => md`\`/otto ${command.usage}\`\n${command.summary}`;

/** A group's commands in as few sections as the text limit allows. */
function groupBlocks(group: HelpGroup): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let lines: Mrkdwn[] = [md`*${group.title}*`];
  let length = lines[0]!.text.length;
  for (const command of group.commands) {
    const text = commandText(command);
    if (length + text.text.length + 2 > SECTION_LIMIT && lines.length > 0) {
      blocks.push({ type: 'section', text: mrkdwn(mdLines(lines), SECTION_LIMIT) });
      lines = [];
      length = 0;
    }
    lines.push(text);
    length += text.text.length + 2;
  }
  if (lines.length > 0) blocks.push({ type: 'section', text: mrkdwn(mdLines(lines), SECTION_LIMIT) });
  return blocks;
}

/**
 * `/otto help`: the commands the person may use, grouped (SPEC §5). The groups come chosen for
 * them; an empty group is left out.
 */
export function renderHelp(groups: readonly HelpGroup[]): SlackMessage {
  const shown = groups.filter((g) => g.commands.length > 0);
  const usages = [...new Set(shown.flatMap((g) => g.commands.map((c) => c.usage)))];
  return {
    text: messageText(
      md`Otto commands you can use: ${joinMd(
        usages.map((usage) => md`\`/otto ${usage}\``),
        md`, `,
      )}.`,
    ),
    blocks: [
      { type: 'header', text: plain('Otto commands') },
      {
        type: 'context',
        elements: [
          mrkdwn(
            md`Your own refresh, and its next step, is on Otto’s *Home* tab. These are the commands open to you.`,
          ),
        ],
      },
      ...shown.flatMap((group) => [{ type: 'divider' } as KnownBlock, ...groupBlocks(group)]),
    ],
  };
}
