import type { RefreshStyle } from '../../../domain/refresh/enums.js';

/** What the wizard asks of the customer, by style (SPEC §2.1, the location page). Plain text. */
export function wizardAsks(style: RefreshStyle, unitLocation: string | null): string {
  switch (style) {
    case 'remote_customer':
      return 'Tell us where to ship your new computer, then review the computer and accessories we plan for you.';
    case 'unit_specified_location':
      return `Refreshes for your unit take place at ${unitLocation ?? 'a location your unit has chosen'}; you will pick a time to come by later. First, review the computer and accessories we plan for you.`;
    case 'bump_down':
      return 'Confirm where you work, then review the computer set aside for you.';
    default:
      return 'Confirm where your computer is on campus, then review the computer and accessories we plan for you.';
  }
}
