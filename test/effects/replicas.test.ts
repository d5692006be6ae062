import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema/index.js';
import { createDispatcher, type Dispatcher } from '../../src/effects/dispatcher.js';
import { enqueueCustomerNotice } from '../../src/effects/outbox.js';
import { createBuiltinItsm } from '../../src/itsm/builtin.js';
import type { Mailer } from '../../src/mail/mailer.js';
import { aliceNotice } from '../helpers/notices.js';
import { dispatcherSlackClient, type Harness, silentLogger, startHarness } from './harness.js';

describe('the outbox with a dispatcher on each of three replicas', () => {
  let h: Harness;
  const sent: string[] = [];
  beforeEach(async () => {
    sent.length = 0;
    h = await startHarness({
      mailer: (mailer: Mailer): Mailer => ({
        ...mailer,
        send: async (message) => {
          sent.push(message.messageId);
          return mailer.send(message);
        },
      }),
    });
  });
  afterEach(() => h.close());

  /** Two more dispatchers over the harness's database, as other replicas would run them. */
  const others = (): Dispatcher[] =>
    [1, 2].map(() =>
      createDispatcher({
        db: h.database.db,
        clock: h.clock,
        slack: dispatcherSlackClient(h.standIn),
        mailer: h.mailer,
        templates: h.templates,
        logger: silentLogger,
        messageIdDomain: 'otto.example.edu',
        itsm: createBuiltinItsm(h.database.db, h.clock, 'America/Detroit'),
      }),
    );

  it('sends every row once: each dispatcher claims rows the others do not have', async () => {
    for (let ticketId = 1; ticketId <= 30; ticketId += 1) {
      await enqueueCustomerNotice(
        h.database.db,
        { ...aliceNotice, view: { ...aliceNotice.view, ticketId }, caseId: ticketId },
        h.clock.now(),
      );
    }
    const dispatchers = [h.dispatcher, ...others()];

    const results = await Promise.all(dispatchers.map((d) => d.runOnce()));

    // 30 DMs and 30 e-mails between them.
    expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(60);
    expect(results.every((r) => r.retried === 0 && r.failed === 0)).toBe(true);
    const posts = h.standIn.callsTo('chat.postMessage');
    expect(posts).toHaveLength(30);
    const byNotice = new Set(posts.map((p) => JSON.stringify(p.args.metadata)));
    expect(byNotice.size).toBe(30);
    expect(sent).toHaveLength(30);
    expect(new Set(sent).size).toBe(30);
    const rows = await h.database.db
      .select({ status: outbox.status, attempts: outbox.attempts })
      .from(outbox);
    expect(rows).toHaveLength(60);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });
});
