import { describe, expect, it } from 'vitest';
import { type NoticeKind, noticeKinds, notices } from '../../src/domain/notices/index.js';
import { renderEmailRow, renderOutboxRow, renderSlackRow } from '../../src/effects/render/index.js';
import { EmailPayload, SlackChannelPayload } from '../../src/effects/render/messages.js';
import { UndeliverableNotice } from '../../src/effects/retry-policy.js';
import { loadTemplates } from '../../src/mail/templates.js';
import { sampleViews } from '../helpers/notices.js';
import { validateBlocks } from '../helpers/slack.js';

/** A view as the outbox stores it: checked by its kind's schema, then through JSON. */
function storedView(kind: NoticeKind): Record<string, unknown> {
  return JSON.parse(JSON.stringify(notices[kind].view.parse(sampleViews[kind])));
}

const row = (kind: NoticeKind, channel: 'slack_dm' | 'slack_channel' | 'email') => ({
  channel,
  notice: kind,
  payload: storedView(kind),
  payloadForm: 'view' as const,
});

describe('the notice renderers', () => {
  it('render every notice kind on each of its channels, within Block Kit limits and filling its template', async () => {
    const templates = await loadTemplates();
    for (const kind of noticeKinds) {
      for (const channel of notices[kind].channels) {
        if (channel === 'email') {
          const email = renderEmailRow(row(kind, channel));
          expect(EmailPayload.safeParse(email).success, kind).toBe(true);
          const filled = templates.render(email.template, email.subject, email.data);
          expect(filled.html, kind).toContain('<html');
        } else {
          const message = renderSlackRow(row(kind, channel));
          expect(SlackChannelPayload.safeParse(message).success, kind).toBe(true);
          expect(validateBlocks(message.blocks ?? [], 'message'), kind).toEqual([]);
        }
      }
    }
  });

  it('say the same from the stored view as from the view the service queued', () => {
    const queued = notices.appointment_moved.view.parse(sampleViews.appointment_moved);
    expect(queued.event?.startsAt).toBeInstanceOf(Date);
    const stored = renderEmailRow(row('appointment_moved', 'email'));
    expect(stored.subject).toBe(`Refresh #12 is now Mon 23 Nov, 09:00`);
    expect(stored.data).toMatchObject({
      recipientName: 'Dana Delegate',
      onBehalfOf: 'Casey Customer',
      moved: true,
      previousWhen: 'Fri 20 Nov, 09:00',
      action: { label: 'Change the time in Otto', url: 'https://slack.com/app_redirect?app=A0STANDIN' },
    });
    // A view queued before UIDs were stored keeps the UID and sequence its booking was sent with.
    expect(stored.calendar).toMatchObject({
      method: 'REQUEST',
      uid: 'refresh-12@otto.example.edu',
      sequence: Date.parse('2026-11-17T15:00:00Z') / 1000,
      startsAt: new Date('2026-11-23T14:00:00.000Z'),
    });
    // A reminder carries no invitation.
    expect(renderEmailRow(row('appointment_reminder', 'email')).calendar).toBeUndefined();
    // A withdrawn appointment carries its cancellation: the same UID, one version on.
    expect(renderEmailRow(row('appointment_withdrawn', 'email')).calendar).toMatchObject({
      method: 'CANCEL',
      uid: '5b0e7c1e-4f0b-4b7e-9d7e-1f1f0c3a2b11@otto.example.edu',
      sequence: 1,
    });
  });

  it('deliver a row written before notices travelled as data as it was rendered', () => {
    const slack = { text: 'Hello', blocks: [{ type: 'divider' }], thread_ts: '1700000000.000100' };
    expect(
      renderOutboxRow({
        channel: 'slack_channel',
        notice: 'support_team_post',
        payload: slack,
        payloadForm: 'rendered',
      }),
    ).toEqual(slack);
    const email = { template: 'notice', subject: 'Hi', data: { title: 'Hi', intro: 'Hello' } };
    expect(
      renderOutboxRow({ channel: 'email', notice: 'invitation', payload: email, payloadForm: 'rendered' }),
    ).toEqual(email);
  });

  it('refuse what they cannot render, so the dispatcher gives up on the row', () => {
    const refused = (r: Parameters<typeof renderOutboxRow>[0]) => () => renderOutboxRow(r);
    expect(refused({ ...row('tracking', 'email'), notice: 'lost_kind' })).toThrow(UndeliverableNotice);
    expect(refused({ ...row('tracking', 'email'), payload: { ticketId: 12 } })).toThrow(/tracking view/);
    expect(refused({ ...row('mac_mdm_request', 'email'), channel: 'slack_dm' })).toThrow(/no Slack form/);
    expect(refused({ ...row('delivery_booked', 'slack_channel'), channel: 'email' })).toThrow(
      /no e-mail form/,
    );
    expect(
      refused({
        channel: 'slack_dm',
        notice: 'invitation',
        payload: { blocks: [] },
        payloadForm: 'rendered',
      }),
    ).toThrow(/invalid Slack payload/);
  });
});
