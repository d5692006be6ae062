import { and, asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  deskAccountMembers,
  deskAccounts,
  deskCategories,
  deskEnvironments,
  deskGroupMembers,
  deskGroups,
  deskRules,
  roles,
} from '../../../db/schema/index.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { ADMIN, CUSTOMER, DELEGATE, MANAGER, STRANGER } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';

let app: TestApp;
afterEach(async () => {
  await app?.stop();
});

const db = () => app.otto.ctx.db;
const groups = async () => db().select().from(deskGroups).orderBy(asc(deskGroups.id));
const rules = async () => db().select().from(deskRules).orderBy(asc(deskRules.position));
const setupText = () => JSON.stringify(app.standIn.modalStack(ADMIN)[0]?.blocks ?? []);
const lastReply = () => waitFor(() => app.standIn.responses().at(-1));
const replyText = async () => (await lastReply()).body as { text: string; response_type: string };

async function openSetup(userId = ADMIN) {
  const response = await app.driver.slashCommand(userId, 'desk');
  expect(response.status).toBe(200);
  return waitFor(() => app.standIn.topModal(userId));
}

/** Pushes the form of `button` ("Add a group"…) over the set-up modal. */
async function openForm(button: string, userId = ADMIN) {
  const depth = app.standIn.modalStack(userId).length;
  await app.driver.clickButton(userId, button, { surface: 'modal' });
  return waitFor(() => app.standIn.modalStack(userId).length > depth && app.standIn.topModal(userId));
}

/** Chooses a thing in an "Edit a …" list: its form is pushed. */
async function openEdit(list: string, name: string, userId = ADMIN) {
  const depth = app.standIn.modalStack(userId).length;
  await app.driver.selectOption(userId, list, name, { surface: 'modal' });
  return waitFor(() => app.standIn.modalStack(userId).length > depth && app.standIn.topModal(userId));
}

/** Submits the top form; a save closes it and redraws the set-up beneath (waited for). */
async function save(values: Record<string, string | string[] | boolean>, userId = ADMIN) {
  const updates = app.standIn.callsTo('views.update').length;
  const response = await app.driver.submitModal(userId, values);
  expect(response.status).toBe(200);
  const errors = app.driver.lastErrors(userId);
  if (!errors) await waitFor(() => app.standIn.callsTo('views.update').length > updates);
  return errors;
}

async function withGroups() {
  await openSetup();
  await openForm('Add a group');
  expect(await save({ Name: 'Care desk team', Channel: 'C0CARE', 'Main person': MANAGER })).toBeUndefined();
  await openForm('Add a group');
  expect(
    await save({ Name: 'AV', Channel: 'C0AV', 'Main person': DELEGATE, 'Members (agents)': [CUSTOMER] }),
  ).toBeUndefined();
}

describe('/otto desk: support groups', () => {
  it('refuses someone who is not a desk admin, and opens nothing', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await app.driver.slashCommand(STRANGER, 'desk');
    expect(await replyText()).toMatchObject({
      response_type: 'ephemeral',
      text: 'Only desk admins can set up the service desk.',
    });
    expect(app.standIn.callsTo('views.open')).toEqual([]);
  });

  it('saves groups: the first is triage, members are the agents, the main person is a member', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    const modal = await openSetup();
    expect(modal.type === 'modal' && modal.title.text).toBe('Service desk set-up');
    const form = await openForm('Add a group');
    expect(form.type === 'modal' && form.title.text).toBe('New group');
    expect(
      await save({ Name: '  Care   desk team ', Channel: 'C0CARE', 'Main person': MANAGER }),
    ).toBeUndefined();
    expect(app.standIn.modalStack(ADMIN)).toHaveLength(1);
    expect(setupText()).toContain('*Care desk team* (triage): <#C0CARE>, main person <@U0MANAGER>, 1 member');

    await openForm('Add a group');
    await save({ Name: 'AV', Channel: 'C0AV', 'Main person': DELEGATE, 'Members (agents)': [CUSTOMER] });
    expect(await groups()).toMatchObject([
      { name: 'Care desk team', slackChannelId: 'C0CARE', mainSlackUserId: MANAGER, isTriage: true },
      { name: 'AV', slackChannelId: 'C0AV', mainSlackUserId: DELEGATE, isTriage: false },
    ]);
    const av = (await groups())[1]!;
    const members = await db().select().from(deskGroupMembers).where(eq(deskGroupMembers.groupId, av.id));
    expect(members.map((m) => m.slackUserId).sort()).toEqual([CUSTOMER, DELEGATE].sort());
    const agents = await db()
      .select()
      .from(roles)
      .where(and(eq(roles.role, 'agent'), eq(roles.scope, 'AV')));
    expect(agents.map((r) => r.slackUserId).sort()).toEqual([CUSTOMER, DELEGATE].sort());

    // Making AV triage takes it from the care desk team.
    await openEdit('Edit a group…', 'AV');
    await save({ Triage: true });
    expect((await groups()).map((g) => [g.name, g.isTriage])).toEqual([
      ['Care desk team', false],
      ['AV', true],
    ]);
  });

  it('refuses a name in use, and a triage group that stops being one, on their fields', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await withGroups();
    const before = await groups();
    await openForm('Add a group');
    expect(await save({ Name: 'av', Channel: 'C0OTHER' })).toEqual({
      desk_name: 'Another group is called “AV”.',
    });
    await app.driver.closeModal(ADMIN);
    await openEdit('Edit a group…', 'Care desk team');
    expect(await save({ Triage: false })).toEqual({
      desk_triage: 'Every desk needs a triage group: make another group triage instead.',
    });
    await openForm('Add a group').catch(() => undefined);
    expect(await groups()).toEqual(before);
  });

  it('refuses a desk admin who lost the role before saving, and changes nothing', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await openSetup();
    await openForm('Add a group');
    await db().delete(roles).where(eq(roles.slackUserId, ADMIN));
    expect(await save({ Name: 'IT', Channel: 'C0IT' })).toEqual({
      desk_name: 'Only desk admins can set up support groups.',
    });
    expect(await groups()).toEqual([]);
  });

  it('lets someone granted desk_admin set up the desk', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await app.driver.slashCommand(ADMIN, `roles grant <@${STRANGER}> desk_admin`);
    await openSetup(STRANGER);
    await openForm('Add a group', STRANGER);
    expect(await save({ Name: 'IT', Channel: 'C0IT' }, STRANGER)).toBeUndefined();
    expect((await groups()).map((g) => g.name)).toEqual(['IT']);
  });
});

describe('/otto desk: categories and accounts', () => {
  it('saves a category with its default group and the statuses every category has', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await withGroups();
    await openForm('Add a category');
    expect(
      await save({
        Name: 'Projectors',
        'Default group': 'AV',
        Statuses: ['Deferred', 'Waiting for the customer'],
      }),
    ).toBeUndefined();
    const [category] = await db().select().from(deskCategories);
    const av = (await groups()).find((g) => g.name === 'AV')!;
    expect(category).toMatchObject({
      name: 'Projectors',
      defaultGroupId: av.id,
      statuses: ['new', 'pending', 'open', 'waiting_customer', 'deferred', 'resolved', 'closed'],
    });
    expect(setupText()).toContain('*Projectors*: to AV, 7 statuses');

    await openForm('Add a category');
    expect(await save({ Name: 'PROJECTORS' })).toEqual({
      desk_name: 'Another category is called “Projectors”.',
    });
    expect(await db().select().from(deskCategories)).toHaveLength(1);
  });

  it('saves an account with its environments and people, refusing an environment listed twice', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await openSetup();
    await openForm('Add an account');
    expect(await save({ Name: 'School of Music', Environments: 'Tenant A\ntenant a' })).toEqual({
      desk_environments: 'lists “tenant a” twice',
    });
    expect(await db().select().from(deskAccounts)).toEqual([]);
    expect(
      await save({ Environments: 'Tenant A\n\n  Reporting   group B ', People: [CUSTOMER, DELEGATE] }),
    ).toBeUndefined();
    const [account] = await db().select().from(deskAccounts);
    expect(account).toMatchObject({ name: 'School of Music' });
    const envs = await db().select().from(deskEnvironments).orderBy(asc(deskEnvironments.name));
    expect(envs.map((e) => e.name)).toEqual(['Reporting group B', 'Tenant A']);
    const members = await db().select().from(deskAccountMembers);
    expect(members.map((m) => m.slackUserId).sort()).toEqual([CUSTOMER, DELEGATE].sort());

    // Editing keeps the environments that stay (cases will point at them) and removes the one gone.
    const tenantA = envs.find((e) => e.name === 'Tenant A')!;
    await openEdit('Edit an account…', 'School of Music');
    expect(await save({ Environments: 'Tenant A\nLab' })).toBeUndefined();
    const after = await db().select().from(deskEnvironments).orderBy(asc(deskEnvironments.name));
    expect(after.map((e) => [e.name, e.name === 'Tenant A' ? e.id : 'new'])).toEqual([
      ['Lab', 'new'],
      ['Tenant A', tenantA.id],
    ]);
  });
});

describe('/otto desk: dispatcher rules', () => {
  async function withRules() {
    await withGroups();
    await openForm('Add a rule');
    expect(
      await save({ Name: 'Projectors', 'Subject words': 'projector, beamer', 'Routes to group': 'AV' }),
    ).toBeUndefined();
    await openForm('Add a rule');
    expect(
      await save({
        Name: 'Printers',
        'Or a regular expression': '\\bprint(er|ing)s?\\b',
        'Routes to group': 'Care desk team',
        'And person': STRANGER,
      }),
    ).toBeUndefined();
  }

  it('saves rules in order, and puts a rule at the place asked', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await withRules();
    expect(
      (await rules()).map((r) => [r.position, r.name, r.subjectWords, r.pattern, r.assigneeSlackUserId]),
    ).toEqual([
      [1, 'Projectors', ['projector', 'beamer'], null, null],
      [2, 'Printers', [], '\\bprint(er|ing)s?\\b', STRANGER],
    ]);
    expect(setupText()).toContain('2. *Printers* → Care desk team (<@U0STRANGE>)');
    await openForm('Add a rule');
    await save({
      Name: 'Wi-fi',
      'Description words': 'wi-fi',
      'Routes to group': 'AV',
      'Place in the order': '1',
    });
    expect((await rules()).map((r) => [r.position, r.name])).toEqual([
      [1, 'Wi-fi'],
      [2, 'Projectors'],
      [3, 'Printers'],
    ]);
  });

  it('refuses a bad or runaway regular expression, words with a pattern, and a rule that matches nothing, on their fields', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await withRules();
    const before = await rules();
    await openForm('Add a rule');
    expect(
      await save({ Name: 'Bad', 'Or a regular expression': '(unclosed', 'Routes to group': 'AV' }),
    ).toEqual({
      desk_pattern: expect.stringContaining('This pattern is not a valid regular expression'),
    });
    expect(await save({ 'Or a regular expression': '(a+)+$' })).toEqual({
      desk_pattern:
        'This pattern repeats a group that itself repeats or has alternatives, which can take forever on some texts.',
    });
    expect(await save({ 'Or a regular expression': 'x', 'Subject words': 'printer' })).toEqual({
      desk_pattern: 'A rule matches words or a pattern, not both: clear one of them.',
    });
    expect(await save({ 'Or a regular expression': '', 'Subject words': '' })).toEqual({
      desk_subject_words: 'Say what the rule matches: a category, words, or a pattern.',
    });
    expect(await save({ 'Subject words': 'x', 'Place in the order': '0' })).toEqual({
      desk_position: 'The place is a whole number from 1 (tried first).',
    });
    expect(await rules()).toEqual(before);
  });

  it('tries the rules from the rule form without opening anything', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await withRules();
    await openEdit('Edit a rule…', 'Printers');
    await openForm('Try the rules');
    await app.driver.submitModal(ADMIN, { Subject: 'Beamer is dead', Description: 'It smells' });
    const result = await waitFor(() => {
      const text = JSON.stringify(app.standIn.topModal(ADMIN)?.blocks);
      return text.includes('would route') ? text : undefined;
    });
    expect(result).toContain(
      'Rule 1, *Projectors*, would route this to *AV*, for <@U0DELEGAT> (the group’s main person): subject has “beamer”.',
    );
  });
});

describe('/otto desk route', () => {
  it('names the rule and the words that matched, or triage when none does', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await withGroups();
    await openForm('Add a rule');
    await save({
      Name: 'Printers',
      'Description words': 'printer, toner',
      'Routes to group': 'AV',
      'And person': STRANGER,
    });
    await app.driver.slashCommand(ADMIN, 'desk route Help please | The TONER is empty');
    expect((await replyText()).text).toBe(
      'Rule 1, *Printers*, would route this to *AV*, for <@U0STRANGE>: description has “toner”.\n_Nothing was opened._',
    );
    await app.driver.slashCommand(ADMIN, 'desk route My screen is blue');
    await waitFor(() => app.standIn.responses().length === 2 || undefined);
    expect((await replyText()).text).toBe(
      'No rule matches: this would go to triage, *Care desk team*, for <@U0MANAGER>.\n_Tried as both subject and description; nothing was opened._',
    );
  });

  it('refuses someone who is not a desk admin', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await app.driver.slashCommand(CUSTOMER, 'desk route printer');
    expect((await replyText()).text).toBe('Only desk admins can try the dispatcher rules.');
  });
});
