import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { MailTransport } from '../domain/enums.js';
import { appointmentIcs, parseMailbox } from '../effects/render/appointment-ics.js';
import type { EmailCalendarEvent } from '../effects/render/messages.js';

export interface MailerOptions {
  /** smtp:// or smtps:// URL; without it every e-mail is written to `mailDir` as an .eml file. */
  smtpUrl?: string | undefined;
  mailDir: string;
  /** The From address, e.g. `Otto <otto@example.edu>`. */
  from: string;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** `<…@…>`; the dispatcher derives it from the outbox id so a resend keeps it. */
  messageId: string;
  attachments?: Array<{ filename: string; contentType: string; content: string }> | undefined;
  /** An appointment for the reader's calendar: the inline text/calendar part (and its .ics). */
  calendar?: EmailCalendarEvent | undefined;
  /** The Date header: the dispatcher gives Otto's clock, which the sandbox and tests move. */
  date?: Date | undefined;
}

export interface SentMail {
  transport: MailTransport;
  messageId: string;
}

export interface Mailer {
  readonly transport: MailTransport;
  send(mail: OutgoingMail): Promise<SentMail>;
  close(): void;
}

/** The .eml file for a Message-ID: the same notice sent twice overwrites one file. */
export function emlFileName(messageId: string): string {
  return `${messageId.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9._@-]/g, '_')}.eml`;
}

/**
 * A header value on one line: a subject built from a name or a location cannot start another
 * header (`\r\nBcc: …`). nodemailer folds line breaks too; this is the line Otto draws itself.
 */
export function oneLine(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it removes
  return value.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/**
 * What nodemailer is given: the calendar event becomes `icalEvent`, a `text/calendar; method=…`
 * alternative inside the multipart/alternative (the part Outlook and Gmail act on, as Office 365
 * sends it) plus the same as an .ics attachment, with the sender as its ORGANIZER.
 */
function nodemailerMessage(mail: OutgoingMail, from: string) {
  const { calendar, ...rest } = mail;
  return {
    ...rest,
    subject: oneLine(mail.subject),
    from,
    ...(calendar && {
      icalEvent: {
        method: calendar.method,
        filename: 'refresh-appointment.ics',
        content: appointmentIcs({ ...calendar, organizer: parseMailbox(from) }),
      },
    }),
  };
}

export function createMailer({ smtpUrl, mailDir, from }: MailerOptions): Mailer {
  if (smtpUrl) {
    // One connection, reused, and one message on it at a time: the dispatcher hands over the next
    // e-mail only once the last is marked sent, so a crash can repeat at most the one in flight.
    // No requeue inside the pool: a dropped connection fails the send and the outbox retries it,
    // with its backoff and a record of the attempt, under the same Message-ID.
    const smtp = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 1, maxRequeues: 0 });
    return {
      transport: 'smtp',
      async send(mail) {
        await smtp.sendMail(nodemailerMessage(mail, from));
        return { transport: 'smtp', messageId: mail.messageId };
      },
      close: () => smtp.close(),
    };
  }

  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    transport: 'file',
    async send(mail) {
      const info = await stream.sendMail(nodemailerMessage(mail, from));
      await mkdir(mailDir, { recursive: true });
      const file = join(mailDir, emlFileName(mail.messageId));
      // Write then rename, so a crash mid-write never leaves half a message behind.
      const partial = `${file}.${process.pid}.partial`;
      await writeFile(partial, info.message as Buffer);
      await rename(partial, file);
      return { transport: 'file', messageId: mail.messageId };
    },
    close: () => stream.close(),
  };
}
