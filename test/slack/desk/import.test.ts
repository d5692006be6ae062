import { asc } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import {
  audits,
  deskAccounts,
  deskCategories,
  deskEnvironments,
  deskGroups,
  deskRules,
} from '../../../db/schema/index.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { ADMIN, CUSTOMER, MANAGER, STRANGER } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';

let app: TestApp;
afterEach(async () => {
  await app?.stop();
});

const db = () => app.otto.ctx.db;
const dmTexts = () => app.standIn.messages(app.standIn.dmChannelId(ADMIN)).map((m) => m.text);

const deskFiles = {
  groups: [
    'name,slack_channel,main_person,members,triage',
    `Care desk team,C0CARE,${MANAGER},,yes`,
    `AV,C0AV,${CUSTOMER},${CUSTOMER};${STRANGER},no`,
    'IT,C0IT,,,',
  ].join('\n'),
  categories: [
    'name,default_group,statuses',
    'Projectors,AV,deferred;waiting_customer',
    'Passwords,IT,',
  ].join('\n'),
  accounts: ['name,environments,members', `School of Music,Tenant A;Tenant B,${CUSTOMER}`, 'Housing,,'].join(
    '\n',
  ),
  rules: [
    'name,group,person,category,subject_words,description_words,pattern',
    'Projectors,AV,,,projector;beamer,,',
    `Printers,IT,${STRANGER},,,,\\bprint(er|ing)s?\\b`,
    'Passwords,IT,,Passwords,,,',
  ].join('\n'),
};

/** Imports a file through `/otto import <kind>`; the field errors when it is refused. */
async function importFile(kind: string, csv: string, userId = ADMIN) {
  await app.driver.slashCommand(userId, `import ${kind}`);
  await waitFor(() => app.standIn.topModal(userId));
  const response = await app.driver.submitModal(userId, { CSV: csv });
  expect(response.status).toBe(200);
  return app.driver.lastErrors(userId);
}

async function importAll() {
  for (const kind of ['groups', 'categories', 'accounts', 'rules'] as const) {
    expect(await importFile(kind, deskFiles[kind])).toBeUndefined();
  }
}

describe('/otto import of the desk set-up', () => {
  it('refuses someone who is not a desk admin, and opens nothing', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await app.driver.slashCommand(CUSTOMER, 'import rules');
    const reply = await waitFor(() => app.standIn.responses().at(-1));
    expect(reply.body).toMatchObject({ text: 'Only desk admins can import the desk’s set-up.' });
    expect(app.standIn.callsTo('views.open')).toEqual([]);
  });

  it('imports each kind, tells the admin, and changes nothing when the same file comes again', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await app.driver.slashCommand(ADMIN, 'import groups');
    const modal = await waitFor(() => app.standIn.topModal(ADMIN));
    expect(modal.type === 'modal' && modal.title.text).toBe('Import desk set-up');
    await app.driver.closeModal(ADMIN);
    await importAll();
    await waitFor(() => dmTexts().length === 4 || undefined);
    expect(dmTexts()).toEqual([
      ':white_check_mark: Imported 3 support groups: 3 added, 0 updated, 0 unchanged.\n`/otto desk` shows the desk’s set-up.',
      ':white_check_mark: Imported 2 categories: 2 added, 0 updated, 0 unchanged.\n`/otto desk` shows the desk’s set-up.',
      ':white_check_mark: Imported 2 accounts: 2 added, 0 updated, 0 unchanged.\n`/otto desk` shows the desk’s set-up.',
      ':white_check_mark: Imported 3 rules: 3 added, 0 updated, 0 unchanged.\n`/otto desk` shows the desk’s set-up.',
    ]);
    const groups = await db().select().from(deskGroups).orderBy(asc(deskGroups.id));
    expect(groups.map((g) => [g.name, g.slackChannelId, g.mainSlackUserId, g.isTriage])).toEqual([
      ['Care desk team', 'C0CARE', MANAGER, true],
      ['AV', 'C0AV', CUSTOMER, false],
      ['IT', 'C0IT', null, false],
    ]);
    const categories = await db().select().from(deskCategories).orderBy(asc(deskCategories.id));
    expect(
      categories.map((c) => [c.name, groups.find((g) => g.id === c.defaultGroupId)?.name, c.statuses]),
    ).toEqual([
      ['Projectors', 'AV', ['new', 'pending', 'open', 'waiting_customer', 'deferred', 'resolved', 'closed']],
      ['Passwords', 'IT', ['new', 'pending', 'open', 'resolved', 'closed']],
    ]);
    expect((await db().select().from(deskAccounts)).map((a) => a.name).sort()).toEqual([
      'Housing',
      'School of Music',
    ]);
    expect((await db().select().from(deskEnvironments)).map((e) => e.name).sort()).toEqual([
      'Tenant A',
      'Tenant B',
    ]);
    const rules = await db().select().from(deskRules).orderBy(asc(deskRules.position));
    expect(rules.map((r) => [r.position, r.name, r.subjectWords, r.pattern, r.assigneeSlackUserId])).toEqual([
      [1, 'Projectors', ['projector', 'beamer'], null, null],
      [2, 'Printers', [], '\\bprint(er|ing)s?\\b', STRANGER],
      [3, 'Passwords', [], null, null],
    ]);

    const audited = (await db().select().from(audits)).length;
    await importAll();
    await waitFor(() => dmTexts().length === 8 || undefined);
    expect(
      dmTexts()
        .slice(4)
        .every((text) => text.includes(': 0 added, 0 updated,')),
    ).toBe(true);
    expect(await db().select().from(audits)).toHaveLength(audited);
  });

  it.each([
    [
      'groups',
      [
        'name,slack_channel,main_person,members,triage',
        'IT,C0IT,,,yes',
        'AV,#av,,,',
        'Web,,nobody@example.edu,,yes',
      ].join('\n'),
      [
        'line 3: slack_channel: must be a channel id (C… or G…, from the channel’s details)',
        'line 4: triage: only one group is triage, and line 2 already is',
        'line 4: main_person: nobody@example.edu is not someone Otto knows in Slack: write their Slack member id (U…) instead',
      ],
    ],
    [
      'categories',
      [
        'name,default_group,statuses',
        'Printing,Care desk team,deferred',
        'Phones,Nowhere,',
        'Web,,customer_says_close',
      ].join('\n'),
      [
        'line 3: default_group: “Nowhere” is not a support group',
        'line 4: statuses: “customer_says_close” is set by Otto only; a category cannot offer it',
      ],
    ],
    [
      'accounts',
      ['name,environments,members', 'Library,Main,', 'Athletics,,someone@nowhere.edu'].join('\n'),
      [
        'line 3: members: someone@nowhere.edu is not someone Otto knows in Slack: write their Slack member id (U…) instead',
      ],
    ],
    [
      'rules',
      [
        'name,group,person,category,subject_words,description_words,pattern',
        'Wi-fi,IT,,,wifi,,',
        'Runaway,IT,,,,,(a+)+$',
        'Nothing,IT,,,,,',
      ].join('\n'),
      [
        'line 3: pattern: This pattern repeats a group that itself repeats or has alternatives, which can take forever on some texts.',
        'line 4: subject_words: Say what the rule matches: a category, words, or a pattern.',
      ],
    ],
  ])('refuses a %s file with a bad line, lists the lines and writes nothing', async (kind, csv, lines) => {
    app = await startTestApp({ admins: [ADMIN] });
    await importAll();
    const before = {
      groups: await db().select().from(deskGroups),
      categories: await db().select().from(deskCategories),
      accounts: await db().select().from(deskAccounts),
      rules: await db().select().from(deskRules),
      audits: await db().select().from(audits),
    };
    const errors = await importFile(kind, csv);
    expect(Object.values(errors ?? {})).toHaveLength(1);
    const text = Object.values(errors ?? {})[0]!;
    expect(text.split('\n')).toEqual([
      `${new Set(lines.map((l) => l.split(':')[0])).size === 1 ? '1 line needs' : `${new Set(lines.map((l) => l.split(':')[0])).size} lines need`} fixing; nothing was imported.`,
      ...lines,
    ]);
    expect({
      groups: await db().select().from(deskGroups),
      categories: await db().select().from(deskCategories),
      accounts: await db().select().from(deskAccounts),
      rules: await db().select().from(deskRules),
      audits: await db().select().from(audits),
    }).toEqual(before);
  });
});
