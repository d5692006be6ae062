// Stopping the app while a listener is still at work after Slack has its answer.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { enqueueTicketEffects } from '../../src/services/refresh/tickets/run-effects.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { APPROVER, makeTicket, seedWorld } from '../helpers/factories.js';
import { dmMessages, openHome } from '../services/refresh/approvals/slack-support.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

describe('stopping the app', () => {
  it('waits for the work after the answer before it closes the database', async () => {
    const logger = createLogger('error');
    const errors = vi.spyOn(logger, 'error');
    app = await startTestApp({ logger });
    const { db } = app.otto.ctx;
    const w = await seedWorld(db);
    const ticket = await makeTicket(db, w, { status: 'requires_approval' });
    await db.transaction(async (tx) =>
      enqueueTicketEffects(tx, app!.otto.ctx, ticket, [{ type: 'notify_approvers' }], app!.clock.now()),
    );
    await app.otto.dispatcher.runOnce();
    const request = dmMessages(app, APPROVER).at(-1)!;
    await openHome(app, APPROVER);
    // The Home republished after the click waits a second for Slack; the approval DM is settled after it.
    app.standIn.rateLimitNext('views.publish', 1, 1);

    const click = await app.driver.clickButton(APPROVER, 'Approve', { surface: 'home' });
    expect(click.status).toBe(200);
    await app.stopApp();

    const dm = app.standIn.dmChannelId(APPROVER);
    expect(app.standIn.message(dm, request.ts)?.text).toBe(`Refresh #${ticket.id} approved.`);
    expect(app.standIn.callsTo('chat.update').map((call) => [call.args.ts, call.ok])).toEqual([
      [request.ts, true],
    ]);
    expect(app.standIn.callsTo('views.publish').map((call) => call.error ?? 'ok')).toEqual([
      'ok',
      'ratelimited',
      'ok',
    ]);
    expect(errors).not.toHaveBeenCalled();
  });
});
