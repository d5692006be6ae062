import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshConfigs } from '../../../../db/schema/index.js';
import { getConfigForm } from '../../../../src/services/refresh/configs/get-config-form.js';
import { ADMIN, APPROVER, MANAGER } from '../../../helpers/factories.js';
import { openServiceWorld, type ServiceWorld } from '../../../helpers/world.js';

describe('getConfigForm', () => {
  let t: ServiceWorld;
  beforeEach(async () => {
    t = await openServiceWorld('2026-11-16T15:00:00Z');
  });
  afterEach(() => t.close());

  it('gives a blank form for a new config', async () => {
    expect(await getConfigForm(t.ctx, ADMIN)).toMatchObject({
      configId: null,
      updatedAt: null,
      name: '',
      unit: null,
      style: null,
      approvers: [],
      approvedModels: [],
      bundle: [],
    });
  });

  it('fills in everything of a config, with the names the selects show', async () => {
    const { world } = t;
    const form = await getConfigForm(t.ctx, ADMIN, world.configs.unit_specified_location);
    expect(form).toEqual({
      configId: world.configs.unit_specified_location,
      updatedAt: t.clock.now().getTime(),
      name: 'LSA unit_specified_location',
      unit: { id: world.unitId, name: 'College of LSA' },
      style: 'unit_specified_location',
      options: {
        canCustomizeComputer: false,
        canCustomizePlatform: false,
        canRequestDifferentDevice: false,
        canCustomizePeripherals: false,
        canCustomizeSoftware: false,
        requiresApproval: false,
      },
      approvers: [APPROVER],
      proposedModel: {
        id: world.models.latitude,
        manufacturer: 'Dell',
        name: 'Latitude 7450',
        platform: 'windows',
      },
      approvedModels: [
        { id: world.models.macbook, manufacturer: 'Apple', name: 'MacBook Air 13 (M4)', platform: 'mac' },
        { id: world.models.latitude, manufacturer: 'Dell', name: 'Latitude 7450', platform: 'windows' },
        { id: world.models.optiplex, manufacturer: 'Dell', name: 'OptiPlex 7020', platform: 'windows' },
      ],
      bundle: [{ id: world.peripherals.monitor, name: 'Dell 27" monitor', requiresApproval: false }],
      unitSpecifiedLocation: 'Angell Hall 2001 (Tech Bar)',
    });
  });

  it('finds a config by its name in any case or quoted, by #id, or by a bare id', async () => {
    const id = t.world.configs.on_prem;
    for (const ref of ['lsa ON_PREM', ' “LSA on_prem” ', '"LSA on_prem"', `#${id}`, String(id)]) {
      expect((await getConfigForm(t.ctx, ADMIN, ref)).configId).toBe(id);
    }
  });

  it('prefers a name over an id when a config is named like a number', async () => {
    const now = t.clock.now();
    const named = (
      await t.ctx.db
        .insert(refreshConfigs)
        .values({ name: '1', style: 'on_prem', createdAt: now, updatedAt: now })
        .returning()
    )[0]!.id;
    expect((await getConfigForm(t.ctx, ADMIN, '1')).configId).toBe(named);
    expect((await getConfigForm(t.ctx, ADMIN, '#1')).configId).toBe(1);
  });

  it('says when there is no such config, and refuses non-admins first', async () => {
    await expect(async () => getConfigForm(t.ctx, ADMIN, 'Atlantis')).rejects.toThrow(
      'There is no config called “Atlantis”. `/otto config` lists them.',
    );
    await expect(async () => getConfigForm(t.ctx, ADMIN, 999)).rejects.toThrow(
      'That config is no longer in Otto.',
    );
    await expect(async () => getConfigForm(t.ctx, MANAGER, 'Atlantis')).rejects.toThrow(
      'Only refresh admins can edit refresh configs.',
    );
    await expect(async () => getConfigForm(t.ctx, MANAGER)).rejects.toThrow(
      'Only refresh admins can create refresh configs.',
    );
  });
});
