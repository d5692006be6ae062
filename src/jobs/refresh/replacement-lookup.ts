import type { ServiceContext } from '../../services/context.js';
import { lookUpReplacements } from '../../services/refresh/lookup/look-up-replacements.js';
import type { JobDefinition } from '../scheduler.js';

/**
 * Every 5 minutes: the existence lookup queue. A ticket that starts waiting (bulk assignment, a
 * bump-down's approval or wizard) also wakes this job at once (the `lookup_replacement` effect);
 * the scheduled run retries what the ITSM did not know or could not answer.
 */
export function replacementLookupJob(ctx: ServiceContext): JobDefinition {
  return {
    name: 'replacement-lookup',
    schedule: '*/5 * * * *',
    async run({ now }) {
      const summary = await lookUpReplacements(ctx, now);
      return { ...summary };
    },
  };
}
