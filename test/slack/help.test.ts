import { afterEach, describe, expect, it } from 'vitest';
import { roles } from '../../db/schema/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN, APPROVER, CUSTOMER, MANAGER, seedWorld } from '../helpers/factories.js';
import { textOf } from '../helpers/slack.js';

const SLOT_ADMIN = 'U0SLOTADM';

type Reply = { response_type?: string; text?: string; blocks?: Array<Record<string, unknown>> };

/** The usages a help reply lists ("/otto ticket <number|serial>"), group by group. */
function groupsOf(reply: Reply): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  let current: string[] | undefined;
  for (const block of reply.blocks ?? []) {
    if (block.type !== 'section') continue;
    const text = textOf(block.text);
    const title = /^\*([^*]+)\*/.exec(text)?.[1];
    if (title) {
      current = [];
      groups[title] = current;
    }
    for (const match of text.matchAll(/`(\/otto [^`]*)`/g))
      current?.push(match[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
  }
  return groups;
}

describe('/otto help', () => {
  let app: TestApp;
  afterEach(async () => app?.stop());

  async function help(userId: string): Promise<Reply> {
    const response = await app.driver.slashCommand(userId, 'help');
    expect(response.status).toBe(200);
    const reply = response.json as Reply;
    expect(reply.response_type).toBe('ephemeral');
    return reply;
  }

  it('shows each person only the commands they may use, grouped, each usage short enough for a DM', async () => {
    app = await startTestApp();
    await seedWorld(app.otto.ctx.db);
    await app.otto.ctx.db.insert(roles).values({
      slackUserId: SLOT_ADMIN,
      role: 'slot_admin',
      scope: 'North Campus NIT',
      grantedBy: ADMIN,
      grantedAt: app.clock.now(),
    });

    // Anyone may open a case (SPEC §1).
    expect(groupsOf(await help(CUSTOMER))).toEqual({
      'Service desk': ['/otto case', '/otto case <number>'],
      Schedules: ['/otto calendar [team]'],
      Help: ['/otto help'],
    });
    expect(groupsOf(await help(APPROVER))).toEqual({
      'Refresh tickets': ['/otto ticket <number|serial>'],
      'Service desk': ['/otto case', '/otto case <number>'],
      Schedules: ['/otto calendar [team]'],
      Help: ['/otto help'],
    });
    expect(groupsOf(await help(SLOT_ADMIN))).toEqual({
      'Service desk': ['/otto case', '/otto case <number>'],
      Schedules: ['/otto calendar [team]', '/otto slots [team]'],
      Help: ['/otto help'],
    });
    const manager = groupsOf(await help(MANAGER));
    expect(manager['Refresh tickets']).toEqual([
      '/otto ticket <number|serial>',
      '/otto problems',
      '/otto hold <number|serial>',
      '/otto resume <number|serial>',
      '/otto cancel <number|serial>',
      '/otto tracking',
      '/otto tracking <ticket> <tracking-no>',
    ]);
    expect(manager.Schedules).toEqual(['/otto reschedule <number|serial>', '/otto calendar [team]']);
    expect(Object.keys(manager)).toEqual(['Refresh tickets', 'Service desk', 'Schedules', 'Help']);

    const admin = await help(ADMIN);
    const adminGroups = groupsOf(admin);
    expect(Object.keys(adminGroups)).toEqual([
      'Refresh tickets',
      'Service desk',
      'Creating tickets',
      'Ordering',
      'Schedules',
      'People',
      'Help',
    ]);
    expect(adminGroups.People).toEqual([
      '/otto roles',
      '/otto roles grant @person <role> [team]',
      '/otto roles revoke @person <role> [team]',
    ]);
    expect(adminGroups.Schedules).toContain('/otto reschedule');

    // A customer's answer names no staff command, and no one's says who else may use a command.
    const customerText = JSON.stringify(await help(CUSTOMER));
    for (const staffOnly of ['roles', 'problems', 'batch', 'order-group', 'slots', 'feeds']) {
      expect(customerText).not.toContain(staffOnly);
    }
    const adminText = JSON.stringify(admin.blocks);
    expect(adminText).not.toMatch(/\([^()]*\(/);
    expect(adminText).not.toContain('refresh admins');
    // Every usage fits a DM's width on its own line: none over 40 characters, no nested brackets.
    for (const usage of Object.values(adminGroups).flat()) {
      expect(usage.length, usage).toBeLessThanOrEqual(40);
      expect(usage, usage).not.toMatch(/\[[^\]]*\[/);
    }
  });
});
