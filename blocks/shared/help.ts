import type { KnownBlock } from '@slack/types';
import { mrkdwn, plain } from './text.js';

export interface SubcommandHelp {
  usage: string;
  summary: string;
  who: string;
}

export function renderHelp(subcommands: readonly SubcommandHelp[]): { text: string; blocks: KnownBlock[] } {
  const lines = subcommands.map((s) => `• \`/otto ${s.usage}\` — ${s.summary} _(${s.who})_`);
  return {
    text: `Otto commands:\n${lines.join('\n')}`,
    blocks: [
      { type: 'header', text: plain('Otto commands') },
      { type: 'section', text: mrkdwn(lines.join('\n')) },
    ],
  };
}
