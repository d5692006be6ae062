import type { Db } from '../../db/client.js';
import {
  deskAccountMembers,
  deskAccounts,
  deskCategories,
  deskEnvironments,
  deskGroupMembers,
  deskGroups,
  deskRules,
} from '../../db/schema/index.js';
import { choosableCaseStatuses } from '../../src/domain/desk/enums.js';
import { CUSTOMER, DELEGATE } from './factories.js';
import type { SlackStandIn } from './slack.js';

// A service desk set up as seed 003's: triage (the care desk), IT and AV with their channels,
// categories, two accounts, and rules that route by subject word, description word, category and
// regular expression. Written straight to the database: the set-up's own tests drive the modals.

export const TRIAGER = 'U0TRIAGER';
export const AGENT = 'U0AGENTIT';
export const AV_AGENT = 'U0AGENTAV';
export const AV_MEMBER = 'U0AVMEMBR';
export const DESK_ADMIN = 'U0DESKADM';

export const CARE_CHANNEL = 'C0CAREDSK';
export const IT_CHANNEL = 'C0ITGROUP';
export const AV_CHANNEL = 'C0AVGROUP';

/** The desk's people, known to the Slack stand-in (users.info) like the refresh module's. */
export const deskPeople = [
  { id: TRIAGER, name: 'tess', realName: 'Tess Triage', email: 'tess@example.edu' },
  { id: AGENT, name: 'ian', realName: 'Ian Agent', email: 'ian@example.edu' },
  { id: AV_AGENT, name: 'ava', realName: 'Ava Visual', email: 'ava@example.edu' },
  { id: AV_MEMBER, name: 'max', realName: 'Max Member', email: 'max@example.edu' },
  { id: DESK_ADMIN, name: 'dee', realName: 'Dee Deskadmin', email: 'dee@example.edu' },
];

export function addDeskPeople(standIn: SlackStandIn): void {
  for (const person of deskPeople) standIn.addUser(person);
}

export interface SeededDesk {
  groups: { triage: number; it: number; av: number; facilities: number };
  categories: { audioVisual: number; hardware: number; general: number; facilities: number };
  accounts: { lsa: number; engineering: number };
  environments: { lsaMain: number; lsaLabs: number; engineering: number };
  rules: { projectors: number; printers: number; hardware: number; vpn: number };
}

/**
 * The desk of seed 003. CUSTOMER belongs to one account (LSA); DELEGATE to two (LSA and
 * Engineering), so only DELEGATE is asked for the account.
 */
export async function seedDesk(db: Db, now: Date): Promise<SeededDesk> {
  const at = { createdAt: now, updatedAt: now };
  const group = async (name: string, channel: string | null, main: string | null, isTriage = false) =>
    (
      await db
        .insert(deskGroups)
        .values({ name, slackChannelId: channel, mainSlackUserId: main, isTriage, ...at })
        .returning()
    )[0]!.id;
  const triage = await group('Care desk team', CARE_CHANNEL, TRIAGER, true);
  const it = await group('IT', IT_CHANNEL, AGENT);
  const av = await group('AV', AV_CHANNEL, AV_AGENT);
  const facilities = await group('Facilities', null, null);
  await db.insert(deskGroupMembers).values([
    { groupId: triage, slackUserId: TRIAGER },
    { groupId: it, slackUserId: AGENT },
    { groupId: av, slackUserId: AV_AGENT },
    { groupId: av, slackUserId: AV_MEMBER },
  ]);
  const category = async (name: string, defaultGroupId: number | null) =>
    (
      await db
        .insert(deskCategories)
        .values({ name, defaultGroupId, statuses: [...choosableCaseStatuses], ...at })
        .returning()
    )[0]!.id;
  const audioVisual = await category('Audio-visual', av);
  const hardware = await category('Hardware', null);
  const general = await category('General question', null);
  const facilitiesCategory = await category('Facilities', facilities);
  const account = async (name: string) =>
    (
      await db
        .insert(deskAccounts)
        .values({ name, ...at })
        .returning()
    )[0]!.id;
  const lsa = await account('LSA');
  const engineering = await account('Engineering');
  const environment = async (accountId: number, name: string) =>
    (await db.insert(deskEnvironments).values({ accountId, name }).returning())[0]!.id;
  const lsaMain = await environment(lsa, 'LSA main campus');
  const lsaLabs = await environment(lsa, 'LSA labs');
  const engineeringEnv = await environment(engineering, 'Engineering tenant');
  await db.insert(deskAccountMembers).values([
    { accountId: lsa, slackUserId: CUSTOMER },
    { accountId: lsa, slackUserId: DELEGATE },
    { accountId: engineering, slackUserId: DELEGATE },
  ]);
  const rule = async (
    position: number,
    name: string,
    values: Partial<typeof deskRules.$inferInsert> & { groupId: number },
  ) =>
    (
      await db
        .insert(deskRules)
        .values({ position, name, subjectWords: [], descriptionWords: [], ...values, ...at })
        .returning()
    )[0]!.id;
  const projectors = await rule(1, 'Projectors', { subjectWords: ['projector'], groupId: av });
  const printers = await rule(2, 'Printers', {
    descriptionWords: ['printer', 'toner'],
    groupId: it,
    assigneeSlackUserId: AGENT,
  });
  const hardwareRule = await rule(3, 'Hardware', { categoryId: hardware, groupId: it });
  const vpn = await rule(4, 'VPN', { pattern: '\\bvpn\\b', groupId: it });
  return {
    groups: { triage, it, av, facilities },
    categories: { audioVisual, hardware, general, facilities: facilitiesCategory },
    accounts: { lsa, engineering },
    environments: { lsaMain, lsaLabs, engineering: engineeringEnv },
    rules: { projectors, printers, hardware: hardwareRule, vpn },
  };
}
