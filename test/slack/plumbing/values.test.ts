// The typed pairs that carry data on Slack surfaces: what one encodes, the other reads back; the rest is refused.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buttonValue, modalMetadata } from '../../../src/slack/ids.js';
import {
  itsmTicketValue,
  orderGroupValue,
  ticketFormMetadata,
  ticketValue,
  wizardMetadata,
} from '../../../src/slack/values/refresh.js';
import { slotPreferenceValue, slotValue, teamSlotsMetadata } from '../../../src/slack/values/scheduling.js';

describe('value pairs', () => {
  it('read back what they encode', () => {
    const ticket = { ticketId: 12, status: 'requires_approval' };
    expect(ticketValue.parse(ticketValue.encode(ticket))).toEqual(ticket);
    const form = {
      ticketId: 3,
      status: 'pending_location_info',
      source: { kind: 'message' as const, responseUrl: 'https://hooks.slack.com/actions/T1/2/x', card: true },
    };
    expect(ticketFormMetadata.parse(ticketFormMetadata.encode(form))).toEqual(form);
    const page = { ticketId: 4, page: 'device' as const, status: 'pending_customer' };
    expect(wizardMetadata.parse(wizardMetadata.encode(page))).toEqual(page);
    expect(itsmTicketValue.parse(itsmTicketValue.encode({ itsmTicketId: 9 }))).toEqual({ itsmTicketId: 9 });
    expect(orderGroupValue.parse(orderGroupValue.encode({ orderGroupId: 1, status: 'draft' }))).toEqual({
      orderGroupId: 1,
      status: 'draft',
    });
    expect(slotValue.parse(slotValue.encode({ slotId: 7 }))).toEqual({ slotId: 7 });
    expect(slotPreferenceValue.parse(slotPreferenceValue.encode({ teamId: 2 }))).toEqual({ teamId: 2 });
    expect(teamSlotsMetadata.parse(teamSlotsMetadata.encode({ team: 'Central' }))).toEqual({
      team: 'Central',
    });
  });

  it.each([
    ['nothing', undefined],
    ['a number', 12],
    ['text that is not JSON', 'ticket 12'],
    ['JSON of another shape', JSON.stringify({ batchId: 12 })],
    ['an id that is not a positive whole number', JSON.stringify({ ticketId: -1, status: 'x' })],
    ['an id as text', JSON.stringify({ ticketId: '12', status: 'x' })],
    ['a missing status', JSON.stringify({ ticketId: 12 })],
    ['null', 'null'],
  ])('refuse %s', (_what, raw) => {
    expect(ticketValue.parse(raw)).toBeUndefined();
  });

  it('refuse a wizard page that does not exist and a source of an unknown kind', () => {
    expect(
      wizardMetadata.parse(JSON.stringify({ ticketId: 1, page: 'payment', status: 'x' })),
    ).toBeUndefined();
    expect(
      ticketFormMetadata.parse(JSON.stringify({ ticketId: 1, status: 'x', source: { kind: 'email' } })),
    ).toBeUndefined();
    expect(
      ticketFormMetadata.parse(
        JSON.stringify({
          ticketId: 1,
          status: 'x',
          source: { kind: 'message', responseUrl: 'not a url', card: false },
        }),
      ),
    ).toBeUndefined();
  });

  it('refuse what is longer than Slack lets the surface carry', () => {
    const Note = z.object({ note: z.string() });
    const button = buttonValue(Note);
    const metadata = modalMetadata(Note);
    const long = button.encode({ note: 'x'.repeat(2500) });
    expect(button.parse(long)).toBeUndefined();
    expect(metadata.parse(long)).toEqual({ note: 'x'.repeat(2500) });
    expect(metadata.parse(metadata.encode({ note: 'x'.repeat(3000) }))).toBeUndefined();
  });
});
