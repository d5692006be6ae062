import { describe, expect, it } from 'vitest';
import { orderGroupStatuses, refreshStatuses } from '../../../src/domain/refresh/enums.js';
import { orderGroupStatusPhrase, orList, statusPhrase } from '../../../src/domain/refresh/status-wording.js';
import { describeTicketState } from '../../../src/services/refresh/tickets/ticket-state.js';

const at = new Date('2026-11-17T15:00:00Z');
const state = { statusBeforeHold: null, decidedBy: null, decidedAt: null, denialReason: null, updatedAt: at };

describe('statuses in a sentence', () => {
  it('read as English after "is", never as a label dropped in', () => {
    expect(describeTicketState({ ...state, status: 'requires_approval' })).toBe(
      'it is now waiting for approval',
    );
    expect(describeTicketState({ ...state, status: 'on_hold', statusBeforeHold: 'pending_customer' })).toBe(
      'it is now on hold (it was waiting for its customer to finish the wizard)',
    );
    for (const status of refreshStatuses) {
      const phrase = statusPhrase(status);
      expect(phrase, status).not.toMatch(/^(pending|requires) /);
      expect(phrase, status).not.toContain('_');
    }
    expect(orderGroupStatuses.map(orderGroupStatusPhrase)).toEqual([
      'still open',
      'awaiting approval',
      'approved',
      'ordered',
    ]);
    expect(orList(['a', 'b', 'c'])).toBe('a, b or c');
  });
});
