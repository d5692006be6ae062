import type { KnownBlock } from '@slack/types';

/** A section of the Home as its module renders it. */
export interface RenderedSection {
  /** Its blocks; or, for a section that shows as much as fits, its blocks for the room left. */
  blocks: KnownBlock[] | ((room: number) => KnownBlock[]);
  /** What the person is here as because of this section ("Approver"), for the greeting. */
  as?: string | undefined;
}
