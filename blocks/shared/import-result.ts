import { describeImport, type ImportSummary } from '../../src/domain/refresh/inventory/index.js';
import type { SlackMatchResult } from '../../src/services/refresh/inventory/match-people-to-slack.js';
import { type MessageText, md, mdLines, messageText } from './text.js';

/** Plain text of the line that says whom Otto matched to Slack accounts; empty when it asked nobody. */
export function describeSlackMatch(match: SlackMatchResult): string {
  const parts: string[] = [];
  if (match.lookedUp > 0) {
    parts.push(
      `Slack accounts: ${match.matched} of ${match.lookedUp} ${match.lookedUp === 1 ? 'person' : 'people'} found by e-mail` +
        (match.notFound > 0 ? ` (${match.notFound} not in Slack; asked again in a week)` : ''),
    );
  }
  if (match.stoppedBy)
    parts.push(`Slack lookups stopped (${match.stoppedBy}); the rest are tried on the next import.`);
  return parts.join('\n');
}

/**
 * The DM an admin gets when an import went through: first with the number of people about to
 * be looked up in Slack, then updated with what the lookups found.
 */
export function renderImportDone(
  summary: ImportSummary,
  slack?: { lookingUp: number } | SlackMatchResult,
): { text: MessageText } {
  return {
    text: messageText(
      mdLines([
        md`:white_check_mark: Imported ${describeImport(summary)}.`,
        slack && 'lookingUp' in slack
          ? md`Looking up ${slack.lookingUp} ${slack.lookingUp === 1 ? 'person' : 'people'} in Slack by e-mail…`
          : slack && describeSlackMatch(slack),
      ]),
    ),
  };
}
