// A Home behind a submitted modal is republished once the Slack requests in flight are answered.
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { homesBeingRepublished, republishHomeSoon } from '../../../src/slack/plumbing/publish-home.js';
import { answeringSlackRequest } from '../../../src/slack/plumbing/slack-traffic.js';
import { openServiceDb, type ServiceDb } from '../../helpers/world.js';

let opened: ServiceDb;
beforeEach(async () => {
  opened = await openServiceDb();
});
afterEach(async () => {
  vi.useRealTimers();
  await opened.close();
});

function slack() {
  const published: string[] = [];
  const client = {
    views: {
      publish: vi.fn(async ({ user_id }: { user_id: string }) => {
        published.push(user_id);
        return { ok: true };
      }),
    },
  } as unknown as WebClient;
  return { client, published };
}

/** A Slack request being answered: in flight until its response closes. */
function inFlight() {
  const res = new EventEmitter();
  answeringSlackRequest(res as ServerResponse);
  return { answered: () => res.emit('close') };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('republishHomeSoon', () => {
  it('publishes at once when no Slack request is in flight', async () => {
    const { client, published } = slack();
    republishHomeSoon(opened.ctx, client, 'U0CASEY', vi.fn());
    await vi.waitFor(() => expect(published).toEqual(['U0CASEY']));
  });

  it('waits for the requests in flight to be answered, and publishes a person queued twice once', async () => {
    const { client, published } = slack();
    const first = inFlight();
    const second = inFlight();
    republishHomeSoon(opened.ctx, client, 'U0CASEY', vi.fn());
    republishHomeSoon(opened.ctx, client, 'U0DANA', vi.fn());
    republishHomeSoon(opened.ctx, client, 'U0CASEY', vi.fn());
    await settle();
    first.answered();
    await settle();
    expect(published).toEqual([]);
    second.answered();
    await vi.waitFor(() => expect(published).toEqual(['U0CASEY', 'U0DANA']));
  });

  it('publishes after 10 s at the latest while requests keep coming', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { client, published } = slack();
    const busy = inFlight();
    republishHomeSoon(opened.ctx, client, 'U0CASEY', vi.fn());
    await vi.advanceTimersByTimeAsync(9_000);
    expect(published).toEqual([]);
    await vi.advanceTimersByTimeAsync(1_000);
    vi.useRealTimers();
    await vi.waitFor(() => expect(published).toEqual(['U0CASEY']));
    busy.answered();
  });

  it('tells the run publishing the queued Homes while it lasts, so stopping can wait for it', async () => {
    const { client, published } = slack();
    expect(homesBeingRepublished(opened.ctx)).toBeUndefined();
    const busy = inFlight();
    republishHomeSoon(opened.ctx, client, 'U0CASEY', vi.fn());
    const run = homesBeingRepublished(opened.ctx);
    expect(run).toBeInstanceOf(Promise);
    busy.answered();
    await run;
    expect(published).toEqual(['U0CASEY']);
    expect(homesBeingRepublished(opened.ctx)).toBeUndefined();
  });
});
