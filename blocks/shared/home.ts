import type { HomeView, KnownBlock } from '@slack/types';
import { roleLabels } from '../../src/domain/enums.js';
import type { HomeSection, HomeViewModel } from '../../src/services/home/get-home.js';
import { renderDeskHomeSection } from '../desk/home.js';
import { renderRefreshHomeSection } from '../refresh/home.js';
import { renderSchedulingHomeSection } from '../scheduling/home.js';
import type { RenderedSection } from './home-section.js';
import { joinMd, md, mrkdwn, plain, userMention } from './text.js';

/** Block Kit's limit on a view's blocks. */
const MAX_BLOCKS = 100;

/** Each module renders its own sections. */
function renderSection(section: HomeSection, viewer: string): RenderedSection {
  switch (section.module) {
    case 'desk':
      return renderDeskHomeSection(section, viewer);
    case 'refresh':
      return renderRefreshHomeSection(section);
    case 'scheduling':
      return renderSchedulingHomeSection(section);
  }
}

/** The App Home tab, by role: each person sees the part of Otto that is theirs (SPEC §5). */
export function renderHome(vm: HomeViewModel): HomeView {
  const sections = vm.sections.map((section) => renderSection(section, vm.userId));
  const labels = [
    ...vm.roles.map((role) => roleLabels[role]),
    ...sections.flatMap((s) => (s.as ? [s.as] : [])),
  ];
  const top: KnownBlock[] = [
    { type: 'header', text: plain('Otto') },
    {
      type: 'section',
      text: mrkdwn(
        md`Hi ${userMention(vm.userId)}! ${
          labels.length > 0
            ? md`You’re here as ${joinMd(
                labels.map((label) => md`*${label}*`),
                md`, `,
              )}.`
            : 'Otto coordinates the refresh of your computer.'
        }`,
      ),
    },
  ];
  const footer: KnownBlock[] = [
    { type: 'context', elements: [mrkdwn(md`Type \`/otto help\` to see what you can do.`)] },
  ];
  // A section that shows as much as fits gets the room the others leave.
  let room =
    MAX_BLOCKS -
    top.length -
    footer.length -
    sections.reduce((n, s) => n + (Array.isArray(s.blocks) ? s.blocks.length : 0), 0);
  const body = sections.flatMap(({ blocks }) => {
    if (Array.isArray(blocks)) return blocks;
    const fitted = blocks(room);
    room -= fitted.length;
    return fitted;
  });
  return { type: 'home', blocks: [...top, ...body, ...footer] };
}
