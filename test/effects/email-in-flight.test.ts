import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emailLog } from '../../db/schema/index.js';
import { noticeMessageId } from '../../src/effects/dispatcher.js';
import { enqueueCustomerNotice } from '../../src/effects/outbox.js';
import { createMailer, type Mailer, oneLine } from '../../src/mail/mailer.js';
import { onPostgres } from '../helpers/database.js';
import { inOrder } from '../helpers/in-order.js';
import { type FakeSmtp, startFakeSmtp } from '../helpers/smtp-server.js';
import { type Harness, startHarness } from './harness.js';

const domain = 'otto.example.edu';

/** An e-mail-only notice ("we have your choices") to one address. */
const emailTo = (to: string) =>
  ({
    to: { email: to },
    kind: 'submitted',
    view: { ticketId: 7, openApp: 'https://slack.com/app' },
  }) as const;

/** The outbox id a received e-mail was sent for, read from its Message-ID header. */
const outboxIdOf = (messageId: string | undefined) =>
  Number(/otto-notice-(\d+)[.@]/.exec(messageId ?? '')?.[1]);

describe('e-mail through SMTP', () => {
  let smtp: FakeSmtp;
  let h: Harness;
  /** What the server did, in order: its receipts and answers, each after the outbox changes seen by then. */
  let serverLog: Array<{ line: string; after: number }>;
  let watch: Database.Database | undefined;
  const mailers: Mailer[] = [];

  beforeEach(async () => {
    serverLog = [];
    const note = (line: string) => serverLog.push({ line, after: lastWatched() });
    smtp = await startFakeSmtp({
      answerDelayMs: 150,
      onMessage: (mail) => note(`received ${outboxIdOf(mail.headers['message-id']?.[0])}`),
      onAnswered: (mail) => note(`answered ${outboxIdOf(mail.headers['message-id']?.[0])}`),
    });
    h = await startHarness({
      mailer: () => {
        const mailer = createMailer({
          smtpUrl: smtp.url,
          mailDir: 'unused',
          from: 'Otto <otto@example.edu>',
        });
        mailers.push(mailer);
        return mailer;
      },
    });
  });
  afterEach(async () => {
    watch?.close();
    watch = undefined;
    await h.close();
    for (const mailer of mailers.splice(0)) mailer.close();
    await smtp.close();
  });

  /**
   * Logs each claim and each mark of an outbox row as the database sees it: triggers write them
   * to a table, read on a connection of the test's own beside the app's (SQLite in WAL mode:
   * reading never waits for the app).
   */
  function watchOutbox() {
    watch = new Database(h.dbPath);
    watch.exec(`
      CREATE TABLE outbox_watch (seq INTEGER PRIMARY KEY, what TEXT NOT NULL, outbox_id INTEGER NOT NULL);
      CREATE TRIGGER note_claim AFTER UPDATE OF status ON outbox
      WHEN NEW.status = 'sending' AND OLD.status <> 'sending'
      BEGIN INSERT INTO outbox_watch (what, outbox_id) VALUES ('claimed', NEW.id); END;
      CREATE TRIGGER note_sent AFTER UPDATE OF status ON outbox
      WHEN NEW.status = 'sent' BEGIN INSERT INTO outbox_watch (what, outbox_id) VALUES ('marked', NEW.id); END;
    `);
  }

  /** The last outbox change watched so far (0 before any, or when not watching). */
  function lastWatched(): number {
    return (
      (watch?.prepare('SELECT max(seq) AS seq FROM outbox_watch').get() as { seq: number | null } | undefined)
        ?.seq ?? 0
    );
  }

  /** The outbox's claims and marks and the server's receipts and answers, in the order they happened. */
  function log(): string[] {
    const changes = (watch
      ?.prepare('SELECT seq, what, outbox_id AS id FROM outbox_watch ORDER BY seq')
      .all() ?? []) as Array<{
      seq: number;
      what: string;
      id: number;
    }>;
    const merged = [
      ...changes.map(({ seq, what, id }, i) => ({ at: seq, side: 0, i, line: `${what} ${id}` })),
      ...serverLog.map(({ line, after }, i) => ({ at: after, side: 1, i, line })),
    ];
    merged.sort((a, b) => a.at - b.at || a.side - b.side || a.i - b.i);
    return merged.map((entry) => entry.line);
  }

  // Watches the outbox with SQLite triggers on the database file, beside the app's connection.
  it.skipIf(onPostgres)(
    'hands SMTP one e-mail at a time and marks each sent as soon as its own answer is back',
    async () => {
      const ids = await inOrder(
        ['ana', 'ben', 'cy', 'dee'],
        async (name) =>
          (await enqueueCustomerNotice(h.database.db, emailTo(`${name}@example.edu`), h.clock.now())).email!,
      );
      watchOutbox();

      expect(await h.dispatcher.runOnce()).toEqual({ sent: 4, retried: 0, failed: 0 });

      // Claimed, received, answered, marked; only then the next: never two e-mails in flight, and
      // nothing between a server's answer and the mark of its own row.
      expect(log()).toEqual(
        ids.flatMap((id) => [`claimed ${id}`, `received ${id}`, `answered ${id}`, `marked ${id}`]),
      );
      expect(smtp.maxInFlight()).toBe(1);
      // One pooled connection carried them all.
      expect(smtp.connections()).toBe(1);
      expect(smtp.received.map((m) => m.to)).toEqual(
        ids.map((_, i) => [`${['ana', 'ben', 'cy', 'dee'][i]}@example.edu`]),
      );
      const messageIds: string[][] = [];
      for (const id of ids) messageIds.push([noticeMessageId(id, domain, (await h.row(id)).mailKey)]);
      expect(smtp.received.map((m) => m.headers['message-id'])).toEqual(messageIds);
      for (const id of ids) expect(await h.row(id)).toMatchObject({ status: 'sent', attempts: 1 });
    },
  );

  it('resends an e-mail left unmarked by a crash under the same Message-ID, so mail clients fold the two', async () => {
    const id = (await enqueueCustomerNotice(h.database.db, emailTo('ana@example.edu'), h.clock.now())).email!;
    // The first process dies once the server has the message: its claimed row is never marked.
    await h.simulateCrash();
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await h.row(id)).toMatchObject({ status: 'sending', attempts: 1 });
    expect(smtp.received).toHaveLength(1);

    const restarted = await h.restart();
    // Once the crashed sender's claim has run out.
    h.clock.advance(120_000);
    expect(await restarted.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });

    // At least once: SMTP cannot be asked whether the first copy arrived, so it goes again.
    expect(smtp.received).toHaveLength(2);
    const [first, second] = smtp.received;
    const messageId = noticeMessageId(id, domain, (await h.row(id)).mailKey);
    expect(first?.headers['message-id']).toEqual([messageId]);
    expect(second?.headers['message-id']).toEqual(first?.headers['message-id']);
    expect(second?.headers.subject).toEqual(first?.headers.subject);
    expect(await h.row(id)).toMatchObject({
      status: 'sent',
      attempts: 2,
      deliveryRef: messageId,
    });
    expect(await h.database.db.select().from(emailLog)).toEqual([
      expect.objectContaining({ outboxId: id, messageId }),
    ]);

    expect(await restarted.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(smtp.received).toHaveLength(2);
  });

  it('keeps a subject with line breaks on its one header line', async () => {
    const subject = "Casey's computer\r\nBcc: everyone@example.edu\r\n\r\nForged body";
    const mailer = createMailer({ smtpUrl: smtp.url, mailDir: 'unused', from: 'Otto <otto@example.edu>' });
    mailers.push(mailer);
    await mailer.send({
      to: 'ana@example.edu',
      subject,
      html: '<p>Hello</p>',
      text: 'Hello',
      messageId: '<forged-subject@otto.example.edu>',
    });

    const [mail] = smtp.received;
    expect(mail?.to).toEqual(['ana@example.edu']);
    expect(mail?.headers.bcc).toBeUndefined();
    expect(mail?.headers.subject).toEqual(["Casey's computer Bcc: everyone@example.edu Forged body"]);
  });
});

describe('oneLine', () => {
  it('joins lines and drops control characters, keeping the words', () => {
    expect(oneLine('a\r\nb\nc\rd')).toBe('a b c d');
    expect(oneLine('a\u2028b\u0000c\u001bd\te')).toBe('a bcd e');
    expect(oneLine('Refresh #12: pick a time at Angell Hall')).toBe(
      'Refresh #12: pick a time at Angell Hall',
    );
  });
});
