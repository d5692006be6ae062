import { md, messageText } from '../../../../../blocks/shared/text.js';

/**
 * Otto's answer to a direct message outside any case thread (the message events themselves are
 * read by desk/events/case-thread-message.ts, which acts on case threads and answers the rest).
 */
export const dmHint = messageText(
  md`Hi! I’m Otto. Your refresh and anything waiting for you are on my *Home* tab; type \`/otto help\` to see my commands.`,
);
