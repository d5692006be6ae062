import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configApprovers, refreshConfigs } from '../../../../db/schema/index.js';
import { configsPerPage, listConfigs } from '../../../../src/services/refresh/configs/list-configs.js';
import { ADMIN, APPROVER, MANAGER, makeTicket, STRANGER } from '../../../helpers/factories.js';
import { openServiceWorld, type ServiceWorld } from '../../../helpers/world.js';

describe('listConfigs', () => {
  let t: ServiceWorld;
  beforeEach(async () => {
    t = await openServiceWorld('2026-11-16T15:00:00Z');
  });
  afterEach(() => t.close());

  it('lists configs by name with their unit, approvers and open and total ticket counts', async () => {
    await makeTicket(t.ctx.db, t.world, { style: 'on_prem', status: 'pending_customer' });
    await makeTicket(t.ctx.db, t.world, { style: 'on_prem', status: 'requires_approval' });
    await makeTicket(t.ctx.db, t.world, { style: 'on_prem', status: 'complete' });
    await makeTicket(t.ctx.db, t.world, { style: 'remote_customer', status: 'canceled' });
    await t.ctx.db
      .insert(configApprovers)
      .values({ configId: t.world.configs.on_prem, slackUserId: STRANGER });

    const page = await listConfigs(t.ctx, ADMIN);
    expect(page).toMatchObject({ page: 1, pageCount: 1, total: 5 });
    expect(page.configs.map((c) => c.name)).toEqual([
      'LSA bump_down',
      'LSA no_customer',
      'LSA on_prem',
      'LSA remote_customer',
      'LSA unit_specified_location',
    ]);
    expect(page.configs.find((c) => c.name === 'LSA on_prem')).toEqual({
      id: t.world.configs.on_prem,
      name: 'LSA on_prem',
      style: 'on_prem',
      unitName: 'College of LSA',
      approvers: [APPROVER, STRANGER].sort(),
      openTickets: 2,
      totalTickets: 3,
    });
    expect(page.configs.find((c) => c.name === 'LSA remote_customer')).toMatchObject({
      openTickets: 0,
      totalTickets: 1,
    });
  });

  it('pages by 20 and keeps the page asked for within the pages there are', async () => {
    const now = t.clock.now();
    await t.ctx.db.insert(refreshConfigs).values(
      Array.from({ length: 40 }, (_, i) => ({
        name: `Zeta ${String(i).padStart(2, '0')}`,
        style: 'on_prem' as const,
        createdAt: now,
        updatedAt: now,
      })),
    );
    const second = await listConfigs(t.ctx, ADMIN, 2);
    expect(second).toMatchObject({ page: 2, pageCount: 3, total: 45 });
    expect(second.configs).toHaveLength(configsPerPage);
    expect(second.configs[0]?.name).toBe('Zeta 15');
    expect(await listConfigs(t.ctx, ADMIN, 99)).toMatchObject({ page: 3 });
    expect((await listConfigs(t.ctx, ADMIN, 99)).configs).toHaveLength(5);
    expect(await listConfigs(t.ctx, ADMIN, -1)).toMatchObject({ page: 1 });
  });

  it('is for admins only', async () => {
    await expect(async () => listConfigs(t.ctx, MANAGER)).rejects.toThrow(
      'Only refresh admins can see refresh configs.',
    );
  });
});
