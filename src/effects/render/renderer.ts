import type { MessageText } from '../../../blocks/shared/text.js';
import type { NoticeKind, NoticeView } from '../../domain/notices/index.js';
import type { EmailTemplateData, EmailTemplateName } from '../../mail/template-data.js';
import type {
  EmailAttachment,
  EmailCalendarEvent,
  EmailPayloadInput,
  SlackChannelPayload,
} from './messages.js';

/**
 * A notice's Slack form. Its `text` (the notification) is made by `messageText`
 * (blocks/shared/text.ts) like every message Otto sends, so a name in it is escaped as in the blocks.
 */
export type RenderedSlackNotice = Omit<SlackChannelPayload, 'text'> & { text: MessageText };

/** How one kind of notice reads: a Slack message (blocks/), an e-mail (templates/), or both. */
export interface NoticeRenderer<K extends NoticeKind> {
  slack?: (view: NoticeView<K>) => RenderedSlackNotice;
  email?: (view: NoticeView<K>, links: EmailLinks) => EmailPayloadInput;
}

/** Links made for one e-mail as it leaves. */
export interface EmailLinks {
  /** The signed link to Otto's web page for the notice's action (`web` of its definition), when web links are on. */
  web?: string | undefined;
}

export type NoticeRenderers<K extends NoticeKind> = { [Kind in K]: NoticeRenderer<Kind> };

/** An e-mail from a template and the data its schema takes, with its calendar event if any. */
export function email<T extends EmailTemplateName>(
  template: T,
  subject: string,
  data: EmailTemplateData<T>,
  extras: { calendar?: EmailCalendarEvent | undefined; attachments?: EmailAttachment[] | undefined } = {},
): EmailPayloadInput {
  return {
    template,
    subject,
    data,
    ...(extras.attachments && { attachments: extras.attachments }),
    ...(extras.calendar && { calendar: extras.calendar }),
  };
}

/** The e-mail's primary button; none for a reader without Slack, where it would lead nowhere. */
export const openOtto = (view: { openApp: string; outsideSlack?: boolean | undefined }) =>
  view.outsideSlack ? undefined : { label: 'Open Otto', url: view.openApp };

/** What every e-mail about a person's ticket says first: to whom, for whom, and which computer. */
export function readerData(view: {
  ticketId: number;
  computer: string;
  recipientName?: string | null | undefined;
  onBehalfOf?: string | null | undefined;
  outsideSlack?: boolean | undefined;
  contact?: string | undefined;
}) {
  return {
    recipientName: view.recipientName ?? undefined,
    onBehalfOf: view.onBehalfOf ?? undefined,
    outsideSlack: view.outsideSlack,
    contact: view.contact,
    ticketId: view.ticketId,
    computer: view.computer,
  };
}
