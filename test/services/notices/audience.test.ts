import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshStyles } from '../../../src/domain/refresh/enums.js';
import { audienceOf, type NoticePerson, ticketAudience } from '../../../src/services/notices/index.js';
import { CUSTOMER, DELEGATE, makeTicket } from '../../helpers/factories.js';
import { openServiceWorld, type ServiceWorld } from '../../helpers/world.js';

const casey: NoticePerson = { name: 'Casey Customer', email: 'casey@example.edu', slackUserId: CUSTOMER };
const dana: NoticePerson = { name: 'Dana Delegate', email: 'dana@example.edu', slackUserId: DELEGATE };
const nameless: NoticePerson = { name: null, email: 'kim@example.edu', slackUserId: null };

describe('who hears about a ticket', () => {
  const customerStyles = refreshStyles.filter((style) => style !== 'no_customer');

  it.each(customerStyles)('%s: the customer, or their delegate for them when one is set', (style) => {
    expect(audienceOf({ style, delegateId: null }, { user: casey, delegate: undefined })).toEqual({
      recipient: casey,
      onBehalfOf: undefined,
    });
    expect(audienceOf({ style, delegateId: 2 }, { user: casey, delegate: dana })).toEqual({
      recipient: dana,
      onBehalfOf: 'Casey Customer',
    });
    // The customer is named by their address when Otto has no name for them.
    expect(audienceOf({ style, delegateId: 2 }, { user: nameless, delegate: dana })).toEqual({
      recipient: dana,
      onBehalfOf: 'kim@example.edu',
    });
  });

  it('no_customer: nobody, delegate or not', () => {
    expect(
      audienceOf({ style: 'no_customer', delegateId: null }, { user: casey, delegate: null }),
    ).toBeUndefined();
    expect(
      audienceOf({ style: 'no_customer', delegateId: 2 }, { user: null, delegate: dana }),
    ).toBeUndefined();
  });

  it('nobody when the person to tell is not on file', () => {
    expect(
      audienceOf({ style: 'on_prem', delegateId: null }, { user: null, delegate: dana }),
    ).toBeUndefined();
    // A delegate is set: the customer is not told instead.
    expect(audienceOf({ style: 'on_prem', delegateId: 2 }, { user: casey, delegate: null })).toBeUndefined();
  });
});

describe('ticketAudience', () => {
  let sw: ServiceWorld;
  beforeEach(async () => {
    sw = await openServiceWorld();
  });
  afterEach(() => sw.close());

  it('reads the ticket’s people from the database', async () => {
    const own = await makeTicket(sw.db, sw.world, { style: 'on_prem' });
    const delegated = await makeTicket(sw.db, sw.world, { style: 'remote_customer', delegate: true });
    expect(await ticketAudience(sw.db, own)).toMatchObject({
      recipient: { slackUserId: CUSTOMER },
      onBehalfOf: undefined,
    });
    expect(await ticketAudience(sw.db, delegated)).toMatchObject({
      recipient: { email: 'dana@example.edu', slackUserId: DELEGATE },
      onBehalfOf: 'Casey Customer',
    });
  });

  it('asks for the people only when someone may hear', async () => {
    const lab = await makeTicket(sw.db, sw.world, { style: 'no_customer' });
    let asked = 0;
    const known = () => {
      asked += 1;
      return { user: casey, delegate: null };
    };
    expect(await ticketAudience(sw.db, lab, known)).toBeUndefined();
    expect(asked).toBe(0);
    const own = await makeTicket(sw.db, sw.world, { style: 'on_prem' });
    expect(await ticketAudience(sw.db, own, known)).toEqual({ recipient: casey, onBehalfOf: undefined });
    expect(asked).toBe(1);
  });
});
