import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMailer, emlFileName } from '../../src/mail/mailer.js';

describe('mailer without SMTP_URL', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'otto-mail-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const mail = {
    to: 'alice@example.edu',
    subject: 'Your computer refresh',
    html: '<p>Hello</p>',
    text: 'Hello',
    messageId: '<otto-notice-12@otto.example.edu>',
  };

  it('writes an .eml named after the Message-ID, with that Message-ID and both parts', async () => {
    const mailDir = join(dir, 'mail');
    const mailer = createMailer({ mailDir, from: 'Otto <otto@example.edu>' });
    expect(await mailer.send(mail)).toEqual({ transport: 'file', messageId: mail.messageId });
    expect(readdirSync(mailDir)).toEqual(['otto-notice-12@otto.example.edu.eml']);
    const eml = readFileSync(join(mailDir, emlFileName(mail.messageId)), 'utf8');
    expect(eml).toContain('Message-ID: <otto-notice-12@otto.example.edu>');
    expect(eml).toContain('From: Otto <otto@example.edu>');
    expect(eml).toContain('To: alice@example.edu');
    expect(eml).toContain('Subject: Your computer refresh');
    expect(eml).toContain('Content-Type: text/plain');
    expect(eml).toContain('Content-Type: text/html');
    expect(eml).not.toContain('\r\n');
  });

  it('overwrites one file when the same notice is sent twice', async () => {
    const mailer = createMailer({ mailDir: dir, from: 'otto@example.edu' });
    await mailer.send(mail);
    await mailer.send({ ...mail, text: 'Hello again' });
    expect(readdirSync(dir)).toEqual([emlFileName(mail.messageId)]);
    expect(readFileSync(join(dir, emlFileName(mail.messageId)), 'utf8')).toContain('Hello again');
  });

  it('keeps a hostile Message-ID inside the mail folder', () => {
    expect(emlFileName('<../../etc/passwd@x>')).toBe('.._.._etc_passwd@x.eml');
    expect(emlFileName('<a/b\\c d@x>')).toBe('a_b_c_d@x.eml');
  });
});
