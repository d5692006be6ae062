import { audits, roles } from '../../../../db/schema/index.js';
import type { InventoryKind } from '../../../../src/domain/refresh/inventory/index.js';
import type { ServiceContext } from '../../../../src/services/context.js';
import { importInventory } from '../../../../src/services/refresh/inventory/import-inventory.js';
import { ADMIN } from '../../../helpers/factories.js';
import { openServiceDb, type ServiceDb } from '../../../helpers/world.js';

/** An empty in-memory database with migrations applied, ADMIN a refresh admin. */
export async function openInventoryDb(): Promise<ServiceDb> {
  const opened = await openServiceDb('2026-11-16T15:00:00Z');
  await opened.db
    .insert(roles)
    .values({ slackUserId: ADMIN, role: 'admin', grantedBy: 'test', grantedAt: opened.clock.now() });
  return opened;
}

/** A file of each kind that fits together: the kinds later in the list name those before. */
export const files: Record<InventoryKind, string> = {
  models: [
    'manufacturer,name,platform',
    'Dell,Latitude 7450,windows',
    'Dell,OptiPlex 7020,windows',
    'Apple,MacBook Air 13 (M4),mac',
  ].join('\n'),
  peripherals: [
    'name,requires_approval',
    '"Dell 27"" monitor",no',
    'Keyboard and mouse,',
    '4K document camera,yes',
  ].join('\n'),
  software: ['name,requires_approval', 'Microsoft 365 Apps,no', 'Adobe Acrobat Pro,yes'].join('\n'),
  support_teams: [
    'name,slack_channel,time_zone,itsm_group,min_free_slots',
    'North Campus NIT,C0NORTHNIT,,North NIT,',
    'Medical NIT,C0MEDNIT,America/Chicago,Med NIT,8',
  ].join('\n'),
  units: [
    'name,approved_models,approved_peripherals,bundle',
    'College of LSA,"Dell Latitude 7450;Dell OptiPlex 7020;Apple MacBook Air 13 (M4)","Dell 27"" monitor;Keyboard and mouse;4K document camera","Dell 27"" monitor*2;Keyboard and mouse"',
    'Engineering,Dell Latitude 7450,,',
  ].join('\r\n'),
  systems: [
    'serial,name,model,platform,user_email,support_team,building,room,group,unit',
    'SN0001,LSA-PC-1,Dell OptiPlex 7020,,casey@example.edu,North Campus NIT,Angell Hall,3120,LSA Refresh 2026,College of LSA',
    'SN0002,LSA-MAC-2,Apple MacBook Air 13 (M4),mac,Dana@Example.edu,North Campus NIT,"Mason Hall, North Wing",1400,LSA Refresh 2026,College of LSA',
    'SN0003,LAB-PC-3,Dell Latitude 7450,windows,,Medical NIT,,,,',
    'SN0004,LSA-PC-4,Dell Latitude 7450,windows,nobody@example.edu,North Campus NIT,Angell Hall,3121,LSA Loaners,College of LSA',
  ].join('\n'),
};

/** The kinds in the order their references need. */
export const importOrder: InventoryKind[] = [
  'models',
  'peripherals',
  'software',
  'support_teams',
  'units',
  'systems',
];

export async function importAll(ctx: ServiceContext): Promise<void> {
  for (const kind of importOrder) {
    const outcome = await importInventory(ctx, { actor: ADMIN, kind, csv: files[kind] });
    if (!outcome.ok) throw new Error(`${kind}: ${JSON.stringify(outcome.errors)}`);
  }
}

export async function auditCount(ctx: ServiceContext): Promise<number> {
  return (await ctx.db.select().from(audits)).length;
}
