import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { MailTransport } from '../domain/enums.js';

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

export function createMailer({ smtpUrl, mailDir, from }: MailerOptions): Mailer {
  if (smtpUrl) {
    const smtp = nodemailer.createTransport(smtpUrl);
    return {
      transport: 'smtp',
      async send(mail) {
        await smtp.sendMail({ ...mail, from });
        return { transport: 'smtp', messageId: mail.messageId };
      },
      close: () => smtp.close(),
    };
  }

  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    transport: 'file',
    async send(mail) {
      const info = await stream.sendMail({ ...mail, from });
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
