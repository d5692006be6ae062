import { md, mdLines, messageText, mrkdwn, plain, type SlackMessage } from './text.js';

export interface SubcommandHelp {
  usage: string;
  summary: string;
  who: string;
}

export function renderHelp(subcommands: readonly SubcommandHelp[]): SlackMessage {
  const lines = mdLines(subcommands.map((s) => md`• \`/otto ${s.usage}\` — ${s.summary} _(${s.who})_`));
  return {
    text: messageText(md`Otto commands:\n${lines}`),
    blocks: [
      { type: 'header', text: plain('Otto commands') },
      { type: 'section', text: mrkdwn(lines) },
    ],
  };
}
