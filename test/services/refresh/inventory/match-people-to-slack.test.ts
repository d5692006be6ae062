import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { people } from '../../../../db/schema/index.js';
import {
  type LookUpSlackAccount,
  matchPeopleToSlack,
} from '../../../../src/services/refresh/inventory/match-people-to-slack.js';
import type { ServiceDb } from '../../../helpers/world.js';
import { openInventoryDb } from './support.js';

let t: ServiceDb;
beforeEach(async () => {
  t = await openInventoryDb();
});
afterEach(() => t.close());

const slack: Record<string, { id: string; realName?: string }> = {
  'casey@example.edu': { id: 'U0CUSTOMR', realName: 'Casey Customer' },
  'dana@example.edu': { id: 'U0DELEGAT', realName: 'Dana Delegate' },
};

function fakeSlack(fail?: (email: string) => boolean) {
  const asked: string[] = [];
  const lookUp: LookUpSlackAccount = async (email) => {
    asked.push(email);
    if (fail?.(email)) throw new Error('ratelimited');
    return slack[email] ?? null;
  };
  return { asked, lookUp };
}

async function addPeople(...rows: Array<{ email: string; name?: string; slackUserId?: string }>) {
  for (const row of rows) await t.ctx.db.insert(people).values(row);
}

const peopleRows = async () =>
  t.ctx.db
    .select({
      email: people.email,
      name: people.name,
      slackUserId: people.slackUserId,
      at: people.slackLookedUpAt,
    })
    .from(people)
    .orderBy(asc(people.email));

describe('matchPeopleToSlack', () => {
  it('remembers the accounts Slack knows, and the addresses it does not, so it asks once', async () => {
    await addPeople(
      { email: 'casey@example.edu' },
      { email: 'dana@example.edu', name: 'Dana from the file' },
      { email: 'nobody@example.edu' },
      { email: 'pat@example.edu', slackUserId: 'U0APPROVE' },
    );
    const first = fakeSlack();
    expect(await matchPeopleToSlack(t.ctx, first.lookUp)).toEqual({ lookedUp: 3, matched: 2, notFound: 1 });
    expect(first.asked).toEqual(['casey@example.edu', 'dana@example.edu', 'nobody@example.edu']);
    const now = t.clock.now();
    expect(await peopleRows()).toEqual([
      { email: 'casey@example.edu', name: 'Casey Customer', slackUserId: 'U0CUSTOMR', at: now },
      { email: 'dana@example.edu', name: 'Dana from the file', slackUserId: 'U0DELEGAT', at: now },
      { email: 'nobody@example.edu', name: null, slackUserId: null, at: now },
      { email: 'pat@example.edu', name: null, slackUserId: 'U0APPROVE', at: null },
    ]);

    const again = fakeSlack();
    t.clock.advance(24 * 60 * 60 * 1000);
    expect(await matchPeopleToSlack(t.ctx, again.lookUp)).toEqual({ lookedUp: 0, matched: 0, notFound: 0 });
    expect(again.asked).toEqual([]);
  });

  it('asks again about an address Slack did not know once a week has passed', async () => {
    await addPeople({ email: 'nobody@example.edu' });
    await matchPeopleToSlack(t.ctx, fakeSlack().lookUp);
    t.clock.advance(7 * 24 * 60 * 60 * 1000 + 1);
    const later = fakeSlack();
    await matchPeopleToSlack(t.ctx, later.lookUp);
    expect(later.asked).toEqual(['nobody@example.edu']);
  });

  it('stops at a failure and leaves the people not reached for the next time', async () => {
    await addPeople({ email: 'casey@example.edu' }, { email: 'dana@example.edu' });
    const failing = fakeSlack((email) => email === 'dana@example.edu');
    expect(await matchPeopleToSlack(t.ctx, failing.lookUp)).toEqual({
      lookedUp: 1,
      matched: 1,
      notFound: 0,
      stoppedBy: 'ratelimited',
    });
    expect((await peopleRows())[1]).toEqual({
      email: 'dana@example.edu',
      name: null,
      slackUserId: null,
      at: null,
    });
    const next = fakeSlack();
    await matchPeopleToSlack(t.ctx, next.lookUp);
    expect(next.asked).toEqual(['dana@example.edu']);
  });

  it('gives an account to one person only', async () => {
    await addPeople(
      { email: 'casey.old@example.edu', slackUserId: 'U0CUSTOMR' },
      { email: 'casey@example.edu' },
    );
    expect(await matchPeopleToSlack(t.ctx, fakeSlack().lookUp)).toEqual({
      lookedUp: 1,
      matched: 0,
      notFound: 1,
    });
    expect((await peopleRows())[1]).toMatchObject({
      email: 'casey@example.edu',
      slackUserId: null,
      at: t.clock.now(),
    });
  });
});
