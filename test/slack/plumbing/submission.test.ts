// A modal submission split in two: the answer first, the slow work after it.
import { describe, expect, it, vi } from 'vitest';
import type { ServiceContext } from '../../../src/services/context.js';
import type { ViewArgs } from '../../../src/slack/listeners/register.js';
import { closeModal, fieldErrors, handleSubmission } from '../../../src/slack/plumbing/submission.js';

function submission() {
  const calls: string[] = [];
  const args = {
    ack: vi.fn(async (answer?: unknown) => {
      calls.push(`ack ${JSON.stringify(answer ?? null)}`);
    }),
    body: { type: 'view_submission', user: { id: 'U0PERSON' }, trigger_id: 't' },
    view: { callback_id: 'form', private_metadata: '', state: { values: {} } },
    client: {},
    logger: { error: vi.fn() },
  } as unknown as ViewArgs;
  return { args, calls };
}

describe('handleSubmission', () => {
  it('answers Slack before the slow work starts, and hands that work what the answer decided', async () => {
    const { args, calls } = submission();
    await handleSubmission({} as ServiceContext, {
      ack: ({ userId }) => ({ answer: closeModal(), later: { userId } }),
      lazy: async (carried) => {
        calls.push(`lazy ${carried.userId}`);
      },
    })(args);
    expect(calls).toEqual(['ack null', 'lazy U0PERSON']);
  });

  it('does no slow work when the answer keeps the form open', async () => {
    const { args, calls } = submission();
    const lazy = vi.fn(async () => {});
    await handleSubmission({} as ServiceContext, {
      ack: () => ({ answer: fieldErrors({ name: 'Say a name.' }) }),
      lazy,
    })(args);
    expect(calls).toEqual(['ack {"response_action":"errors","errors":{"name":"Say a name."}}']);
    expect(lazy).not.toHaveBeenCalled();
  });

  it('logs slow work that fails after the answer; the answer stands', async () => {
    const { args, calls } = submission();
    await handleSubmission({} as ServiceContext, {
      ack: async () => ({ answer: closeModal(), later: 1 }),
      lazy: async () => {
        throw new Error('Slack is down');
      },
    })(args);
    expect(calls).toEqual(['ack null']);
    expect(args.logger.error).toHaveBeenCalledWith(
      'form: the work after the answer failed',
      expect.any(Error),
    );
  });
});
