import * as pg from './pg.js';
import * as sqlite from './tables.js';

export type { ShippingAddress } from './refresh-tickets.js';

/**
 * The tables the services query. A process talks to one database, so these bindings are the
 * SQLite tables until `useDialect('postgres')` points every one of them at its PostgreSQL
 * twin (db/client.ts does so when it opens a `postgres://` URL, before any query runs).
 */
export type Dialect = 'sqlite' | 'postgres';

let dialect: Dialect = 'sqlite';

/** The dialect the bindings below point at. */
export function currentDialect(): Dialect {
  return dialect;
}

export let audits = sqlite.audits;
export let batchSerials = sqlite.batchSerials;
export let batches = sqlite.batches;
export let configApprovedModels = sqlite.configApprovedModels;
export let configApprovers = sqlite.configApprovers;
export let configBundlePeripherals = sqlite.configBundlePeripherals;
export let deskAccountMembers = sqlite.deskAccountMembers;
export let deskAccounts = sqlite.deskAccounts;
export let deskCaseFiles = sqlite.deskCaseFiles;
export let deskCaseHistory = sqlite.deskCaseHistory;
export let deskCaseMessages = sqlite.deskCaseMessages;
export let deskCases = sqlite.deskCases;
export let deskCategories = sqlite.deskCategories;
export let deskEnvironments = sqlite.deskEnvironments;
export let deskGroupMembers = sqlite.deskGroupMembers;
export let deskGroups = sqlite.deskGroups;
export let deskRules = sqlite.deskRules;
export let emailLog = sqlite.emailLog;
export let events = sqlite.events;
export let itsmCreations = sqlite.itsmCreations;
export let itsmCursors = sqlite.itsmCursors;
export let itsmTasks = sqlite.itsmTasks;
export let itsmTickets = sqlite.itsmTickets;
export let jobRuns = sqlite.jobRuns;
export let jobSchedules = sqlite.jobSchedules;
export let models = sqlite.models;
export let orderGroupMessages = sqlite.orderGroupMessages;
export let orderGroups = sqlite.orderGroups;
export let outbox = sqlite.outbox;
export let people = sqlite.people;
export let peripherals = sqlite.peripherals;
export let refreshConfigs = sqlite.refreshConfigs;
export let refreshTickets = sqlite.refreshTickets;
export let roles = sqlite.roles;
export let scheduleSlotPreferences = sqlite.scheduleSlotPreferences;
export let scheduleSlots = sqlite.scheduleSlots;
export let slackReceipts = sqlite.slackReceipts;
export let software = sqlite.software;
export let supportTeams = sqlite.supportTeams;
export let systemGroups = sqlite.systemGroups;
export let systems = sqlite.systems;
export let ticketPeripherals = sqlite.ticketPeripherals;
export let ticketSoftware = sqlite.ticketSoftware;
export let unitApprovedModels = sqlite.unitApprovedModels;
export let unitApprovedPeripherals = sqlite.unitApprovedPeripherals;
export let unitBundlePeripherals = sqlite.unitBundlePeripherals;
export let units = sqlite.units;
export let webLinks = sqlite.webLinks;

/** Points every table binding at the given dialect's tables. */
export function useDialect(next: Dialect): void {
  const tables = next === 'postgres' ? pg : sqlite;
  audits = tables.audits;
  batchSerials = tables.batchSerials;
  batches = tables.batches;
  configApprovedModels = tables.configApprovedModels;
  configApprovers = tables.configApprovers;
  configBundlePeripherals = tables.configBundlePeripherals;
  deskAccountMembers = tables.deskAccountMembers;
  deskAccounts = tables.deskAccounts;
  deskCaseFiles = tables.deskCaseFiles;
  deskCaseHistory = tables.deskCaseHistory;
  deskCaseMessages = tables.deskCaseMessages;
  deskCases = tables.deskCases;
  deskCategories = tables.deskCategories;
  deskEnvironments = tables.deskEnvironments;
  deskGroupMembers = tables.deskGroupMembers;
  deskGroups = tables.deskGroups;
  deskRules = tables.deskRules;
  emailLog = tables.emailLog;
  events = tables.events;
  itsmCreations = tables.itsmCreations;
  itsmCursors = tables.itsmCursors;
  itsmTasks = tables.itsmTasks;
  itsmTickets = tables.itsmTickets;
  jobRuns = tables.jobRuns;
  jobSchedules = tables.jobSchedules;
  models = tables.models;
  orderGroupMessages = tables.orderGroupMessages;
  orderGroups = tables.orderGroups;
  outbox = tables.outbox;
  people = tables.people;
  peripherals = tables.peripherals;
  refreshConfigs = tables.refreshConfigs;
  refreshTickets = tables.refreshTickets;
  roles = tables.roles;
  scheduleSlotPreferences = tables.scheduleSlotPreferences;
  scheduleSlots = tables.scheduleSlots;
  slackReceipts = tables.slackReceipts;
  software = tables.software;
  supportTeams = tables.supportTeams;
  systemGroups = tables.systemGroups;
  systems = tables.systems;
  ticketPeripherals = tables.ticketPeripherals;
  ticketSoftware = tables.ticketSoftware;
  unitApprovedModels = tables.unitApprovedModels;
  unitApprovedPeripherals = tables.unitApprovedPeripherals;
  unitBundlePeripherals = tables.unitBundlePeripherals;
  units = tables.units;
  webLinks = tables.webLinks;
  dialect = next;
}
