import type { ServiceContext } from '../../services/context.js';
import { syncItsmState } from '../../services/refresh/completion/sync-itsm-state.js';
import type { JobDefinition } from '../scheduler.js';

/**
 * 07:00 and 19:00, twelve hours apart, so an ITSM ticket closed at any time completes its
 * refresh ticket within 12 hours (SPEC §2.2).
 */
export function itsmSyncJob(ctx: ServiceContext): JobDefinition {
  return {
    name: 'itsm-sync',
    schedule: '0 7,19 * * *',
    run: async ({ now }) => ({ ...(await syncItsmState(ctx, now)) }),
  };
}
