import { z } from 'zod';
import { isTimeZone } from '../calendar/format-date-time.js';
import type { OutboxChannel } from '../enums.js';
import type { WebLinkTarget } from '../links/web-link.js';

/** The link that opens Otto in Slack: only web and slack: links may become an e-mail button. */
export const AppLink = z.url({ protocol: /^(https?|slack)$/ });

/** A moment: a Date where a service builds the view, an ISO string once the outbox stored it. */
export const Instant = z.union([z.date(), z.iso.datetime()]).transform((value) => new Date(value));

/** An IANA time zone the runtime knows, e.g. "America/Detroit". */
export const TimeZone = z.string().refine(isTimeZone, { message: 'not a time zone' });

/** A label and its value, as notices list facts. */
export const NoticeLine = z.object({ label: z.string(), value: z.string() });
export type NoticeLine = z.infer<typeof NoticeLine>;

/** The channels a notice can travel (ITSM requests travel the outbox too, but are no notices). */
export type NoticeChannel = Exclude<OutboxChannel, 'itsm'>;

/** A kind of notice: the data it carries (checked when it is queued) and where it can be sent. */
export interface NoticeDefinition {
  view: z.ZodType<Record<string, unknown>>;
  channels: readonly NoticeChannel[];
  /**
   * The notice's e-mail carries a signed link to Otto's web page for this action (its view is
   * the checked view of this kind); the renderer gets the link as `links.web`.
   */
  web?: (view: never) => WebLinkTarget | undefined;
}

/** What every notice to a person about their ticket carries: for whom, which computer, the way back. */
export const TicketNoticeView = z.object({
  ticketId: z.number().int().positive(),
  computer: z.string().min(1),
  /** The reader's name, for the e-mail's greeting. */
  recipientName: z.string().nullish(),
  /** The user's name when their delegate reads it for them. */
  onBehalfOf: z.string().nullish(),
  /**
   * The reader has no Slack account: there is no message from Otto to answer, so the e-mail says
   * whom to contact instead (`contact`, the computer's support team, when known).
   */
  outsideSlack: z.boolean().optional(),
  contact: z.string().min(1).max(200).optional(),
  /** Opens Otto in Slack: the e-mail's button. */
  openApp: AppLink,
});
