// The one way a button is answered: ack first, the value read through its pair, a stale or forged
// value answered with nothing run, a refusal answered where the click was, a result passed on.
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { ServiceContext } from '../../../src/services/context.js';
import { notAllowed } from '../../../src/services/errors.js';
import { buttonValue } from '../../../src/slack/ids.js';
import type { ActionArgs } from '../../../src/slack/listeners/register.js';
import {
  answerButton,
  type Click,
  type ClickOutcome,
  tellRefusal,
} from '../../../src/slack/plumbing/button.js';

const Value = z.object({ ticketId: z.number().int().positive(), status: z.string() });
const value = buttonValue(Value);
const ctx = {} as ServiceContext;

/** A click on a button of the Home tab, as Bolt hands it to a listener. */
function homeClick(raw: unknown) {
  const calls: string[] = [];
  const posted: Array<{ channel: string; text: string }> = [];
  const args = {
    ack: vi.fn(async () => {
      calls.push('ack');
    }),
    body: {
      type: 'block_actions',
      user: { id: 'U0PERSON' },
      trigger_id: 'trigger-1',
      view: { type: 'home', id: 'V1' },
      actions: [{ type: 'button', action_id: 'ticket_hold', block_id: 'b', value: raw }],
      container: { type: 'view', view_id: 'V1' },
      response_url: '',
    },
    client: {
      chat: {
        postMessage: vi.fn(async (message: { channel: string; text: string }) => {
          posted.push(message);
          return { ok: true };
        }),
      },
    },
    logger: { error: vi.fn() },
  } as unknown as ActionArgs;
  return { args, calls, posted };
}

function holdButton(run: (v: z.infer<typeof Value>, click: Click) => string) {
  const outcomes: Array<ClickOutcome<z.infer<typeof Value>, string>> = [];
  const verb = vi.fn(run);
  const handler = answerButton(ctx, {
    read: (click) => value.parse(click.raw),
    staleNote: 'That button is out of date, so nothing was changed.',
    run: verb,
    answer: async (outcome, click) => {
      outcomes.push(outcome);
      await tellRefusal(outcome, click);
    },
  });
  return { handler, verb, outcomes };
}

describe('answerButton', () => {
  it('acks, runs the verb with the typed value and hands its result to the answer', async () => {
    const { args, calls, posted } = homeClick(value.encode({ ticketId: 12, status: 'on_hold' }));
    const { handler, verb, outcomes } = holdButton((v, click) => {
      calls.push('run');
      expect(click).toMatchObject({ userId: 'U0PERSON', triggerId: 'trigger-1', place: { kind: 'home' } });
      return `held #${v.ticketId}`;
    });
    await handler(args);
    expect(calls).toEqual(['ack', 'run']);
    expect(verb).toHaveBeenCalledTimes(1);
    expect(outcomes).toEqual([{ ok: true, value: { ticketId: 12, status: 'on_hold' }, result: 'held #12' }]);
    expect(posted).toEqual([]);
  });

  it.each([
    ['a forged value', '{"ticketId":"12; drop"}'],
    ['a value that is not JSON', 'hold 12'],
    ['no value', undefined],
  ])('answers %s as out of date and runs nothing', async (_what, raw) => {
    const { args, calls, posted } = homeClick(raw);
    const { handler, verb, outcomes } = holdButton(() => 'never');
    await handler(args);
    expect(calls).toEqual(['ack']);
    expect(verb).not.toHaveBeenCalled();
    expect(outcomes).toEqual([
      { ok: false, value: undefined, note: 'That button is out of date, so nothing was changed.' },
    ]);
    // A click on the Home is answered in Otto's DM with the person.
    expect(posted).toEqual([
      { channel: 'U0PERSON', text: 'That button is out of date, so nothing was changed.' },
    ]);
  });

  it('answers a refusal with its reason, keeping the value it refused', async () => {
    const { args, posted } = homeClick(value.encode({ ticketId: 12, status: 'on_hold' }));
    const { handler, outcomes } = holdButton(() => {
      throw notAllowed('Only refresh managers can hold tickets.');
    });
    await handler(args);
    expect(outcomes).toEqual([
      {
        ok: false,
        value: { ticketId: 12, status: 'on_hold' },
        note: 'Only refresh managers can hold tickets.',
      },
    ]);
    expect(posted).toEqual([{ channel: 'U0PERSON', text: 'Only refresh managers can hold tickets.' }]);
  });

  it('answers an unexpected failure without its details, and logs it', async () => {
    const { args, posted } = homeClick(value.encode({ ticketId: 12, status: 'on_hold' }));
    const { handler } = holdButton(() => {
      throw new Error('disk full');
    });
    await handler(args);
    expect(posted[0]?.text).toBe(
      'Something went wrong on Otto’s side; nothing was changed. Please try again in a minute.',
    );
    expect(args.logger.error).toHaveBeenCalled();
  });
});
