import type { RefreshStyle } from '../../../domain/refresh/enums.js';

/**
 * What the wizard asks of the customer, by style (SPEC §2.1, the location page). Plain text. A
 * delegate reads it about the person they act for (`onBehalfOf`), not about themselves.
 */
export function wizardAsks(style: RefreshStyle, unitLocation: string | null, onBehalfOf?: string): string {
  const whose = onBehalfOf ? `${onBehalfOf}’s` : 'your';
  const they = onBehalfOf ? `${onBehalfOf} works` : 'you work';
  const plan = `review the computer and accessories we plan for ${onBehalfOf ?? 'you'}`;
  switch (style) {
    case 'remote_customer':
      return `Tell us where to ship ${whose} new computer, then ${plan}.`;
    case 'unit_specified_location':
      return `Refreshes for ${whose} unit take place at ${unitLocation ?? 'a location the unit has chosen'}; a time to come by is picked later. First, ${plan}.`;
    case 'bump_down':
      return `Confirm where ${they}, then review the computer set aside for ${onBehalfOf ?? 'you'}.`;
    default:
      return `Confirm where ${whose} computer is on campus, then ${plan}.`;
  }
}
