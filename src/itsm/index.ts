import type { Db } from '../../db/client.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { createBuiltinItsm } from './builtin.js';
import type { ItsmPort } from './port.js';
import { createTeamDynamixItsm } from './teamdynamix.js';

/** TeamDynamix when it is configured (SPEC §6), else the built-in service desk. */
export function createItsm(config: Pick<Config, 'tdx' | 'calendar'>, db: Db, clock: Clock): ItsmPort {
  if (!config.tdx) return createBuiltinItsm(db, clock, config.calendar.timeZone);
  const { baseUrl, beid, webServicesKey, appId, assetAppId, settings, timeoutMs } = config.tdx;
  return createTeamDynamixItsm({
    baseUrl,
    beid,
    webServicesKey,
    appId,
    assetAppId,
    settings,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}
