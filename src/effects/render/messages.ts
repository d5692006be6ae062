import type { Block, KnownBlock } from '@slack/types';
import { z } from 'zod';
import { Instant } from '../../domain/notices/fields.js';
import { emailTemplateData, emailTemplateNames } from '../../mail/template-data.js';

// What a notice becomes on the delivery road: the Slack message or the e-mail the dispatcher sends.
// Rows written before notices travelled as data hold these forms themselves.

const SlackBlock = z.custom<KnownBlock | Block>(
  (value) =>
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string',
  'a Block Kit block',
);

/** A DM: `text` is the notification and screen-reader text, `blocks` what the message shows. */
export const SlackMessagePayload = z.object({
  text: z.string().min(1).max(4000),
  blocks: z.array(SlackBlock).max(50).optional(),
});
export type SlackMessagePayload = z.infer<typeof SlackMessagePayload>;

export const SlackChannelPayload = SlackMessagePayload.extend({
  thread_ts: z.string().min(1).optional(),
  /**
   * The outbox id of an earlier notice whose message this one rewrites in place (chat.update):
   * a message that shows a state is updated when the state changes, not posted again.
   */
  replaces: z.number().int().positive().optional(),
  /**
   * The outbox id of an earlier notice whose message starts the thread this one is posted in
   * (a case's conversation): its channel and ts are known only once that one is posted.
   */
  inThreadOf: z.number().int().positive().optional(),
  /**
   * The outbox id of an earlier notice whose message (or uploaded file) is taken back: chat.delete,
   * or files.delete for a file, e.g. the relayed copy of a message its author deleted.
   */
  removes: z.number().int().positive().optional(),
  /** A file of a case (its desk_case_files row) uploaded into the thread of `inThreadOf`. */
  upload: z
    .object({
      caseFileId: z.number().int().positive(),
      filename: z.string().min(1).max(255),
      comment: z.string().max(4000).optional(),
    })
    .optional(),
  /** Posted under a person's name and picture (chat:write.customize): a relayed message. */
  as: z
    .object({ username: z.string().min(1).max(80), iconUrl: z.url({ protocol: /^https$/ }).optional() })
    .optional(),
});
export type SlackChannelPayload = z.infer<typeof SlackChannelPayload>;

export const EmailAttachment = z.object({
  filename: z.string().min(1).max(100),
  contentType: z.string().min(1).max(100),
  content: z.string().max(100_000),
});
export type EmailAttachment = z.infer<typeof EmailAttachment>;

/**
 * An appointment for the customer's calendar: the mailer writes it as the inline
 * `text/calendar; method=…` part Outlook reads (and as an .ics attachment), with the address it
 * sends from as the ORGANIZER.
 */
export const EmailCalendarEvent = z.object({
  method: z.enum(['REQUEST', 'CANCEL']),
  uid: z.string().min(1).max(200),
  sequence: z.number().int().min(0).max(2_147_483_647),
  startsAt: Instant,
  endsAt: Instant,
  summary: z.string().min(1).max(500),
  location: z.string().max(500).optional(),
  description: z.string().max(2000).optional(),
  attendeeEmail: z.email().optional(),
  /** DTSTAMP: when this version of the event was made. */
  now: Instant,
});
export type EmailCalendarEvent = z.infer<typeof EmailCalendarEvent>;

export const EmailPayload = z
  .object({
    template: z.enum(emailTemplateNames),
    subject: z.string().min(1).max(250),
    data: z.record(z.string(), z.unknown()),
    /** Small text attachments, e.g. the booking's .ics invitation. */
    attachments: z.array(EmailAttachment).max(5).optional(),
    calendar: EmailCalendarEvent.optional(),
  })
  .superRefine((payload, ctx) => {
    const parsed = emailTemplateData[payload.template].safeParse(payload.data);
    for (const issue of parsed.error?.issues ?? []) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: ['data', ...issue.path] });
    }
  });
export type EmailPayload = z.infer<typeof EmailPayload>;
export type EmailPayloadInput = z.input<typeof EmailPayload>;
