import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { audits, roles, supportTeams } from '../../db/schema/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { scratchDatabase } from '../helpers/database.js';

const ADMIN = 'U0ADMIN01';
const ALICE = 'U0ALICE01';
const BOB = 'U0BOB0001';

type Reply = { response_type?: string; text?: string; blocks?: unknown[] };

describe('/otto roles', () => {
  let app: TestApp;
  afterEach(async () => app?.stop());

  const roleRows = async () =>
    (
      await app.otto.ctx.db
        .select({ user: roles.slackUserId, role: roles.role, scope: roles.scope })
        .from(roles)
    ).sort((a, b) => `${a.user}${a.role}`.localeCompare(`${b.user}${b.role}`));

  async function otto(userId: string, text: string): Promise<Reply> {
    const response = await app.driver.slashCommand(userId, text);
    expect(response.status).toBe(200);
    expect(response.elapsedMs).toBeLessThan(3000);
    return response.json as Reply;
  }

  it('makes the admins of OTTO_ADMINS admins at start', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    expect(await roleRows()).toEqual([{ user: ADMIN, role: 'admin', scope: '' }]);
  });

  it('lets an admin grant, list and revoke roles, each answered ephemerally and audited', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    const granted = await otto(ADMIN, `roles grant <@${ALICE}|alice> manager`);
    expect(granted.response_type).toBe('ephemeral');
    expect(granted.text).toBe(`<@${ALICE}> is now *Refresh manager*.`);
    expect(await roleRows()).toContainEqual({ user: ALICE, role: 'manager', scope: '' });

    const listed = await otto(ADMIN, 'roles');
    const listing = JSON.stringify(listed.blocks);
    expect(listing).toContain('*Refresh admin*');
    expect(listing).toContain(`<@${ADMIN}>`);
    expect(listing).toContain('*Refresh manager*');
    expect(listing).toContain(`<@${ALICE}>`);

    const revoked = await otto(ADMIN, `roles revoke <@${ALICE}> manager`);
    expect(revoked.text).toBe(`<@${ALICE}> is no longer *Refresh manager*.`);
    expect(await roleRows()).toEqual([{ user: ADMIN, role: 'admin', scope: '' }]);

    const trail = await app.otto.ctx.db.select().from(audits);
    expect(trail.map((a) => [a.entity, a.entityId, a.action, a.actor])).toEqual([
      ['role', ALICE, 'granted', ADMIN],
      ['role', ALICE, 'revoked', ADMIN],
    ]);
  });

  it('refuses a non-admin ephemerally and changes nothing', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    const before = await roleRows();
    for (const text of [`roles grant <@${BOB}> admin`, `roles revoke <@${ADMIN}> admin`, 'roles']) {
      const reply = await otto(BOB, text);
      expect(reply.response_type).toBe('ephemeral');
      expect(reply.text).toMatch(/^Only refresh admins can /);
    }
    expect(await roleRows()).toEqual(before);
    expect(await app.otto.ctx.db.select().from(audits)).toEqual([]);
  });

  it('refuses a manager too: managing roles is an admin’s right', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await otto(ADMIN, `roles grant <@${ALICE}> manager`);
    const reply = await otto(ALICE, `roles grant <@${BOB}> manager`);
    expect(reply.text).toBe('Only refresh admins can grant roles.');
    expect((await roleRows()).some((r) => r.user === BOB)).toBe(false);
  });

  it.each([
    ['roles grant bob manager', '“bob” is not a person: mention them with @.'],
    [`roles grant <@${ALICE}> wizard`, '“wizard” is not a role.'],
    [`roles grant <@${ALICE}>`, '“(none)” is not a role.'],
    [`roles promote <@${ALICE}> admin`, 'That is not something `/otto roles` can do.'],
    [
      `roles grant <@${ALICE}> slot_admin`,
      'Schedule slot admin is held per support team: name it after the role.',
    ],
    [`roles grant <@${ALICE}> slot_admin Atlantis NIT`, 'There is no support team called “Atlantis NIT”.'],
    [`roles grant <@${ALICE}> manager North`, 'Refresh manager is not held per team; leave the team out.'],
  ])('answers %j with a clear reason and changes nothing', async (text, reason) => {
    app = await startTestApp({ admins: [ADMIN] });
    const reply = await otto(ADMIN, text);
    expect(reply.text).toContain(reason);
    expect(await roleRows()).toEqual([{ user: ADMIN, role: 'admin', scope: '' }]);
  });

  it('grants a slot admin per support team, matching the team name case-insensitively', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await app.otto.ctx.db.insert(supportTeams).values({ name: 'North Campus NIT', createdAt: new Date() });
    const reply = await otto(ADMIN, `roles grant <@${ALICE}> slot_admin north campus nit`);
    expect(reply.text).toBe(`<@${ALICE}> is now *Schedule slot admin* for North Campus NIT.`);
    expect(await roleRows()).toContainEqual({ user: ALICE, role: 'slot_admin', scope: 'North Campus NIT' });
  });

  it('says so when a grant or revoke would change nothing', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    expect((await otto(ADMIN, `roles grant <@${ADMIN}> admin`)).text).toBe(
      'They already have that role; nothing changed.',
    );
    expect((await otto(ADMIN, `roles revoke <@${ALICE}> manager`)).text).toBe(
      'They do not have that role; nothing changed.',
    );
    expect(await roleRows()).toEqual([{ user: ADMIN, role: 'admin', scope: '' }]);
  });

  it('never removes the last admin', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    const reply = await otto(ADMIN, `roles revoke <@${ADMIN}> admin`);
    expect(reply.text).toContain('Otto needs at least one refresh admin');
    expect(await roleRows()).toEqual([{ user: ADMIN, role: 'admin', scope: '' }]);
  });

  it('keeps an admin revoked in Otto revoked after a restart, though OTTO_ADMINS still names them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otto-roles-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const scratch = await scratchDatabase(join(dir, 'otto.db'));
    onTestFinished(() => scratch.drop());
    const databaseUrl = scratch.url;
    app = await startTestApp({ admins: [ADMIN, ALICE], databaseUrl });
    expect((await otto(ADMIN, `roles revoke <@${ALICE}> admin`)).text).toBe(
      `<@${ALICE}> is no longer *Refresh admin*.`,
    );
    await app.stopApp();

    const restarted = await startTestApp({ admins: [ADMIN, ALICE], databaseUrl, standIn: app.standIn });
    try {
      const admins = (await restarted.otto.ctx.db.select().from(roles)).map((r) => r.slackUserId);
      expect(admins).toEqual([ADMIN]);
    } finally {
      await restarted.stop();
    }
  });
});
