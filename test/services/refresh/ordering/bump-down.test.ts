import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audits, batchSerials, refreshTickets, systems } from '../../../../db/schema/index.js';
import { ServiceError } from '../../../../src/services/errors.js';
import { createBatch } from '../../../../src/services/refresh/batches/create-batch.js';
import { createTicketForSerial } from '../../../../src/services/refresh/batches/create-ticket-for-serial.js';
import { createTicketsFromBatch } from '../../../../src/services/refresh/batches/create-tickets-from-batch.js';
import { createTicketsFromSerials } from '../../../../src/services/refresh/batches/create-tickets-from-serials.js';
import { lookUpSerials } from '../../../../src/services/refresh/batches/lookup-serials.js';
import {
  createTickets,
  loadCreationConfig,
} from '../../../../src/services/refresh/tickets/create-tickets.js';
import { ADMIN, makeSystem, makeTicket } from '../../../helpers/factories.js';
import { times } from '../../../helpers/in-order.js';
import { openServiceWorld, type ServiceWorld } from '../../../helpers/world.js';

describe('bump-down tickets carry their replacement from creation', () => {
  let w: ServiceWorld;
  beforeEach(async () => {
    w = await openServiceWorld('2026-11-16T15:00:00Z');
  });
  afterEach(() => w.close());

  const db = () => w.ctx.db;
  const system = async (serial: string) =>
    (await db().select().from(systems).where(eq(systems.serial, serial)).limit(1))[0];
  const serialOf = async (id: number) =>
    (await db().select().from(systems).where(eq(systems.id, id)).limit(1))[0]!.serial;
  const tickets = async () => db().select().from(refreshTickets);
  const refusal = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      expect(error).toBeInstanceOf(ServiceError);
      return (error as ServiceError).message;
    }
    throw new Error('expected a refusal');
  };
  const bumpDown = async (serials: string) =>
    createTicketsFromSerials(w.ctx, { actor: ADMIN, serials, configId: w.world.configs.bump_down });

  it('creates from `existing replacement` pairs: new hardware enters the inventory, a known device becomes a replacement in the group, both audited', async () => {
    const first = await makeSystem(db(), w.world);
    const second = await makeSystem(db(), w.world);
    const recycled = await makeSystem(db(), w.world, {
      userId: null,
      groupId: null,
      modelId: w.world.models.macbook,
    });
    const result = await bumpDown(`${first.serial} new-r1\n${second.serial},${recycled.serial}`);

    expect(result.refused).toEqual([]);
    expect(result.problems).toEqual([]);
    expect(result.style).toBe('bump_down');
    expect(result.status).toBe('pending_customer');
    const added = (await system('NEW-R1'))!;
    expect(added).toMatchObject({
      status: 'replacement',
      modelId: w.world.models.latitude,
      platform: 'windows',
      unitId: w.world.unitId,
      groupId: w.world.groupId,
      userId: null,
    });
    expect(await system(recycled.serial)).toMatchObject({
      status: 'replacement',
      groupId: w.world.groupId,
      modelId: w.world.models.macbook,
    });
    expect(result.created.map((t) => [t.serial, t.replacementSystemId])).toEqual([
      [first.serial, added.id],
      [second.serial, recycled.id],
    ]);
    expect(
      (await tickets()).map((t) => [t.existingSystemId, t.replacementSystemId, t.style, t.status]),
    ).toEqual([
      [first.id, added.id, 'bump_down', 'pending_customer'],
      [second.id, recycled.id, 'bump_down', 'pending_customer'],
    ]);
    const created = await db().select().from(audits).where(eq(audits.action, 'created'));
    expect(created.map((a) => a.changes?.replacement)).toEqual([
      { from: null, to: 'NEW-R1' },
      { from: null, to: recycled.serial },
    ]);
  });

  it('refuses every bad line with its number and reason, creating the good ones only', async () => {
    const good = await makeSystem(db(), w.world);
    const taken = await makeTicket(db(), w.world, {
      status: 'pending_itsm_existence',
      replacementSystemId: (await makeSystem(db(), w.world, { status: 'replacement' })).id,
    });
    const open = await makeTicket(db(), w.world, { status: 'pending_customer' });
    const [a, b, c, d, e, f] = await times(6, async () => makeSystem(db(), w.world));
    const systemsBefore = (await db().select().from(systems)).length;
    const result = await bumpDown(
      [
        `${good.serial} NEW-GOOD`, // 1 fine
        'NOT-IN-INVENTORY NEW-X', // 2 unknown existing serial
        `${a!.serial} ${await serialOf(taken.replacementSystemId!)}`, // 3 already another ticket's replacement
        `${b!.serial} ${await serialOf(open.existingSystemId)}`, // 4 an open ticket's existing system
        `${c!.serial}`, // 5 no replacement
        `${good.serial} NEW-AGAIN`, // 6 duplicate existing serial
        `${d!.serial} new-good`, // 7 duplicate replacement
        `${e!.serial} ${e!.serial}`, // 8 itself
        `${f!.serial} ${a!.serial}`, // 9 a system getting a ticket of its own in this paste
        'one two three', // 10 malformed
      ].join('\n'),
    );
    expect(result.created.map((t) => t.serial)).toEqual([good.serial]);
    expect(result.problems).toEqual([{ serial: 'NOT-IN-INVENTORY', reason: 'unknown_serial' }]);
    expect(result.refused.map((p) => [p.lineNo, p.reason])).toEqual([
      [3, expect.stringMatching(/^replacement already used: .* is the replacement of ticket #/)],
      [4, expect.stringMatching(/^replacement already used: .* is the existing system of open ticket #/)],
      [5, 'missing replacement: bump-down tickets carry their replacement from creation'],
      [6, `duplicate: ${good.serial} is on line 1 too`],
      [7, 'duplicate: replacement NEW-GOOD is on line 1 too'],
      [8, 'the replacement is the existing system itself'],
      [9, `replacement already used: ${a!.serial} is getting a ticket of its own`],
      [10, 'is not `existing-serial replacement-serial` (two serial numbers)'],
    ]);
    // Line 3's system got no ticket, so line 9's replacement is refused only for being in the paste.
    expect((await tickets()).filter((t) => t.style === 'bump_down')).toHaveLength(1);
    expect(await db().select().from(systems)).toHaveLength(systemsBefore + 1);
  });

  it('refuses a bump-down ticket without a replacement, and a replacement where the style takes none', async () => {
    const config = await loadCreationConfig(db(), w.world.configs.bump_down);
    const onPrem = await loadCreationConfig(db(), w.world.configs.on_prem);
    const [one, two] = await lookUpSerials(db(), [
      (await makeSystem(db(), w.world)).serial,
      (await makeSystem(db(), w.world)).serial,
    ]);
    const settings = { delegateId: null, noCustomer: false, actor: ADMIN, now: w.clock.now() };
    const missing = await createTickets(db(), w.ctx.calendar, [one as never], { ...settings, config });
    expect(missing.created).toEqual([]);
    expect(missing.refused).toEqual([
      {
        serial: one!.serial,
        replacement: undefined,
        reason: 'missing replacement: bump-down tickets carry their replacement from creation',
      },
    ]);
    const unwanted = await createTickets(
      db(),
      w.ctx.calendar,
      [{ ...two!, replacementSerial: 'NEW-Z' } as never],
      {
        ...settings,
        config: onPrem,
      },
    );
    expect(unwanted.created).toEqual([]);
    expect(unwanted.refused[0]?.reason).toBe(
      'a replacement is only given with a bump-down config; no ticket was created',
    );
    expect(await tickets()).toEqual([]);
    expect(await system('NEW-Z')).toBeUndefined();
  });

  it('a bump-down config marked no customer takes plain serials: the ticket is no-customer', async () => {
    const one = await makeSystem(db(), w.world);
    const result = await createTicketsFromSerials(w.ctx, {
      actor: ADMIN,
      serials: one.serial,
      configId: w.world.configs.bump_down,
      noCustomer: true,
    });
    expect(result.created).toHaveLength(1);
    expect((await tickets())[0]).toMatchObject({ style: 'no_customer', replacementSystemId: null });
  });

  it('/otto create <serial> <replacement> <config> creates one; the config alone is refused for bump-down', async () => {
    const one = await makeSystem(db(), w.world);
    expect(
      await refusal(async () =>
        createTicketForSerial(w.ctx, { actor: ADMIN, serial: one.serial, configName: 'LSA bump_down' }),
      ),
    ).toBe(
      `“LSA bump_down” is a bump-down config: its tickets carry their replacement from creation. Type \`/otto create ${one.serial} <replacement serial> LSA bump_down\`; no ticket was created.`,
    );
    expect(
      await refusal(async () =>
        createTicketForSerial(w.ctx, { actor: ADMIN, serial: one.serial, configName: 'NEW-1 LSA on_prem' }),
      ),
    ).toMatch(/a replacement serial is only given with a bump-down config/);
    expect(
      await refusal(async () =>
        createTicketForSerial(w.ctx, {
          actor: ADMIN,
          serial: one.serial,
          configName: `${one.serial} LSA bump_down`,
        }),
      ),
    ).toBe(
      `${one.serial} ${one.serial}: the replacement is the existing system itself; no ticket was created.`,
    );
    expect(await tickets()).toEqual([]);

    const made = await createTicketForSerial(w.ctx, {
      actor: ADMIN,
      serial: one.serial,
      configName: 'new-1 lsa BUMP_DOWN',
    });
    expect(made.replacement).toBe('NEW-1');
    expect(await tickets()).toMatchObject([
      { id: made.ticketId, style: 'bump_down', replacementSystemId: (await system('NEW-1'))!.id },
    ]);
  });

  it('a batch refuses a bump-down config on its config field and creates nothing', async () => {
    const batch = await createBatch(w.ctx, {
      actor: ADMIN,
      name: 'Lab',
      serials: (await makeSystem(db(), w.world)).serial,
    });
    await db().update(batchSerials).set({ lookupResult: 'ready' });
    const error = await (async () => {
      try {
        await createTicketsFromBatch(w.ctx, {
          actor: ADMIN,
          batchId: batch.batchId,
          configId: w.world.configs.bump_down,
        });
      } catch (caught) {
        return caught as ServiceError & { field?: string };
      }
    })();
    expect(error?.field).toBe('config');
    expect(error?.message).toMatch(/^“LSA bump_down” is a bump-down config: .* Use `\/otto create`/);
    expect(await tickets()).toEqual([]);
  });
});
