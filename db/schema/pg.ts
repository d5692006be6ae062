import { pgTwins } from './kit.js';
import * as sqlite from './tables.js';

/**
 * The PostgreSQL tables, one twin per SQLite table under the same name (drizzle-kit reads
 * this file to write db/migrations/pg). They carry the SQLite tables' types so that the
 * services, typed once, run on either; test/db/schema-parity.test.ts compares them.
 */
const twins = pgTwins();
function twin<T extends object>(table: T): T {
  const built = twins.get(table as never);
  if (built === undefined) throw new Error('a table has no PostgreSQL twin');
  return built as unknown as T;
}

export const audits = twin(sqlite.audits);
export const batchSerials = twin(sqlite.batchSerials);
export const batches = twin(sqlite.batches);
export const configApprovedModels = twin(sqlite.configApprovedModels);
export const configApprovers = twin(sqlite.configApprovers);
export const configBundlePeripherals = twin(sqlite.configBundlePeripherals);
export const deskAccountMembers = twin(sqlite.deskAccountMembers);
export const deskAccounts = twin(sqlite.deskAccounts);
export const deskCaseFiles = twin(sqlite.deskCaseFiles);
export const deskCaseHistory = twin(sqlite.deskCaseHistory);
export const deskCaseMessages = twin(sqlite.deskCaseMessages);
export const deskCases = twin(sqlite.deskCases);
export const deskCategories = twin(sqlite.deskCategories);
export const deskEnvironments = twin(sqlite.deskEnvironments);
export const deskGroupMembers = twin(sqlite.deskGroupMembers);
export const deskGroups = twin(sqlite.deskGroups);
export const deskRules = twin(sqlite.deskRules);
export const emailLog = twin(sqlite.emailLog);
export const events = twin(sqlite.events);
export const itsmCreations = twin(sqlite.itsmCreations);
export const itsmCursors = twin(sqlite.itsmCursors);
export const itsmTasks = twin(sqlite.itsmTasks);
export const itsmTickets = twin(sqlite.itsmTickets);
export const jobRuns = twin(sqlite.jobRuns);
export const jobSchedules = twin(sqlite.jobSchedules);
export const models = twin(sqlite.models);
export const orderGroupMessages = twin(sqlite.orderGroupMessages);
export const orderGroups = twin(sqlite.orderGroups);
export const outbox = twin(sqlite.outbox);
export const people = twin(sqlite.people);
export const peripherals = twin(sqlite.peripherals);
export const refreshConfigs = twin(sqlite.refreshConfigs);
export const refreshTickets = twin(sqlite.refreshTickets);
export const roles = twin(sqlite.roles);
export const scheduleSlotPreferences = twin(sqlite.scheduleSlotPreferences);
export const scheduleSlots = twin(sqlite.scheduleSlots);
export const slackReceipts = twin(sqlite.slackReceipts);
export const software = twin(sqlite.software);
export const supportTeams = twin(sqlite.supportTeams);
export const systemGroups = twin(sqlite.systemGroups);
export const systems = twin(sqlite.systems);
export const ticketPeripherals = twin(sqlite.ticketPeripherals);
export const ticketSoftware = twin(sqlite.ticketSoftware);
export const unitApprovedModels = twin(sqlite.unitApprovedModels);
export const unitApprovedPeripherals = twin(sqlite.unitApprovedPeripherals);
export const unitBundlePeripherals = twin(sqlite.unitBundlePeripherals);
export const units = twin(sqlite.units);
export const webLinks = twin(sqlite.webLinks);
