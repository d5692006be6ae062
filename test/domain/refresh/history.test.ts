import { describe, expect, it } from 'vitest';
import {
  type HistoryNames,
  type HistoryRecord,
  historySentences,
} from '../../../src/domain/refresh/history.js';

const at = new Date('2026-11-18T15:00:00Z');
const slots: Record<number, Date> = {
  209: new Date('2026-12-08T14:00:00Z'),
  218: new Date('2026-12-10T19:30:00Z'),
};
const names: HistoryNames = {
  person: (ref) =>
    ({ U0LEE: 'Lee Manager', 'casey@example.edu': 'Casey Customer', '4': 'Dana Delegate' })[String(ref)],
  slot: (id) => slots[id],
  model: (id) => (id === 2 ? 'Dell OptiPlex 7020' : undefined),
  peripheral: (id) => (id === 3 ? 'Keyboard and mouse' : undefined),
  orderGroup: (id) => (id === 5 ? 'LSA November' : undefined),
  channel: (id) => (id === 'C0NORTH' ? 'North NIT' : undefined),
  timeZone: 'America/Detroit',
};
const said = (records: HistoryRecord[]) =>
  historySentences(records, names).map((l) => `${l.actor?.name ?? l.actor?.slackUserId ?? ''}|${l.text}`);
const audit = (action: string, changes: Record<string, { from: unknown; to: unknown }>, actor = 'U0LEE') =>
  ({ kind: 'audit', at, actor, action, changes }) as const;

describe('a ticket’s history in sentences', () => {
  it('says what happened with names and local times, never ids, JSON or status arrows', () => {
    expect(
      said([
        audit('slot_assigned', {
          status: { from: 'delivery_scheduled', to: 'delivery_scheduled' },
          scheduleSlotId: { from: 209, to: 218 },
        }),
        audit('edit', { delegateId: { from: null, to: 4 }, peripheralIds: { from: [], to: [3] } }),
        audit('order_group', { orderGroupId: { from: null, to: 5 } }),
        audit('hold', { status: { from: 'pending_ordering', to: 'on_hold' } }, 'U0STRANGER'),
        {
          kind: 'notice',
          at,
          notice: 'delivery_booked',
          channel: 'slack_channel',
          recipient: 'C0NORTH',
          status: 'sent',
          subject: null,
          request: null,
        },
        {
          kind: 'event',
          at,
          source: 'itsm',
          eventKind: 'itsm_update_ticket',
          ok: false,
          detail: { attempt: 1, error: 'HTTP 503', retryAt: '2026-11-18T15:00:30.000Z' },
        },
      ]),
    ).toEqual([
      'Lee Manager|moved the appointment from Tue 8 Dec, 09:00 to Thu 10 Dec, 14:30.',
      'Lee Manager|edited the ticket: made Dana Delegate the delegate; set the peripherals to Keyboard and mouse.',
      'Lee Manager|added the ticket to order group “LSA November”.',
      'U0STRANGER|put the ticket on hold.',
      'Otto|posted the delivery booking in North NIT’s channel.',
      'Otto|could not ask the ITSM to update its ticket (HTTP 503); Otto tries again Wed 18 Nov, 10:00.',
    ]);
  });

  it('tells an ITSM ticket cancelled in the ITSM, and what the ITSM could not do beside a ticket', () => {
    const event = (eventKind: string, ok: boolean, detail: Record<string, unknown>) =>
      ({ kind: 'event', at, source: 'itsm', eventKind, ok, detail }) as const;
    expect(
      said([
        event('itsm_ticket_created', true, {
          kind: 'refresh',
          itsmTicketId: '5501',
          warnings: ['replacement NEW1 not found in TeamDynamix: not attached'],
        }),
        event('itsm_ticket_state_read', true, {
          itsmTicketId: '5501',
          installed: false,
          closed: false,
          cancelled: true,
        }),
        event('itsm_ticket_cancelled', false, { itsmTicketId: '5501', status: 'Cancelled' }),
      ]),
    ).toEqual([
      '|ITSM ticket #5501 was opened for the delivery, but replacement NEW1 not found in TeamDynamix: not attached.',
      'Otto|checked ITSM ticket #5501: cancelled.',
      '|ITSM ticket #5501 was cancelled in the ITSM (“Cancelled”): Otto no longer checks it, and lists the ticket under Problems.',
    ]);
  });
});
