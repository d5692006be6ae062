import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { models, peripherals, units } from '../../../../db/schema/index.js';
import {
  choiceLimit,
  likePattern,
  searchModels,
  searchPeripherals,
  searchUnits,
} from '../../../../src/services/refresh/configs/search-config-choices.js';
import { ADMIN, MANAGER } from '../../../helpers/factories.js';
import { openServiceWorld, type ServiceWorld } from '../../../helpers/world.js';

describe('the config form’s catalog searches', () => {
  let t: ServiceWorld;
  beforeEach(async () => {
    t = await openServiceWorld('2026-11-16T15:00:00Z');
  });
  afterEach(() => t.close());

  it('finds models by the typed words in order, in manufacturer and name, ignoring case', async () => {
    expect((await searchModels(t.ctx, ADMIN, 'DELL 7450')).map((m) => m.name)).toEqual(['Latitude 7450']);
    expect((await searchModels(t.ctx, ADMIN, 'dell')).map((m) => m.name)).toEqual([
      'Latitude 7450',
      'OptiPlex 7020',
    ]);
    expect((await searchModels(t.ctx, ADMIN, '')).map((m) => m.manufacturer)).toEqual([
      'Apple',
      'Dell',
      'Dell',
    ]);
    expect(await searchModels(t.ctx, ADMIN, 'macbook')).toEqual([
      { id: t.world.models.macbook, manufacturer: 'Apple', name: 'MacBook Air 13 (M4)', platform: 'mac' },
    ]);
  });

  it('returns at most 100 choices', async () => {
    await t.ctx.db.insert(models).values(
      Array.from({ length: 150 }, (_, i) => ({
        manufacturer: 'Lenovo',
        name: `ThinkPad T${i}`,
        platform: 'windows' as const,
      })),
    );
    expect(await searchModels(t.ctx, ADMIN, 'thinkpad')).toHaveLength(choiceLimit);
    expect((await searchModels(t.ctx, ADMIN, 'thinkpad t149')).map((m) => m.name)).toEqual(['ThinkPad T149']);
  });

  it('takes % and _ as the characters they are, not as wildcards', async () => {
    await t.ctx.db.insert(peripherals).values([{ name: '100% wool mousepad' }, { name: 'USB-C hub' }]);
    expect(likePattern(' 100%  ')).toBe('%100\\%%');
    expect((await searchPeripherals(t.ctx, ADMIN, '%')).map((p) => p.name)).toEqual(['100% wool mousepad']);
    expect(await searchPeripherals(t.ctx, ADMIN, 'b_c')).toEqual([]);
    expect((await searchPeripherals(t.ctx, ADMIN, 'b-c')).map((p) => p.name)).toEqual(['USB-C hub']);
  });

  it('finds units and peripherals by name', async () => {
    await t.ctx.db.insert(units).values({ name: 'School of Music', createdAt: t.clock.now() });
    expect((await searchUnits(t.ctx, ADMIN, 'music')).map((u) => u.name)).toEqual(['School of Music']);
    expect(await searchPeripherals(t.ctx, ADMIN, 'camera')).toEqual([
      { id: t.world.peripherals.camera, name: '4K document camera', requiresApproval: true },
    ]);
  });

  it('shows the catalog to admins only', async () => {
    await expect(async () => searchModels(t.ctx, MANAGER, '')).rejects.toThrow(
      'Only refresh admins can see models.',
    );
    await expect(async () => searchUnits(t.ctx, MANAGER, '')).rejects.toThrow(
      'Only refresh admins can see units.',
    );
    await expect(async () => searchPeripherals(t.ctx, MANAGER, '')).rejects.toThrow(
      'Only refresh admins can see peripherals.',
    );
  });
});
