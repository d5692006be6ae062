import type { ServiceContext } from '../../services/context.js';
import { lookUpReplacements } from '../../services/refresh/lookup/look-up-replacements.js';
import type { JobDefinition } from '../scheduler.js';

/**
 * Every 5 minutes: the existence lookup queue. Replacements assigned in bulk are also looked up
 * right after the assignment; this run retries what the ITSM did not know or could not answer.
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
