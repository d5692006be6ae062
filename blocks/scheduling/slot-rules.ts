import type { KnownBlock } from '@slack/types';
import { describePreference } from '../../src/domain/scheduling/index.js';
import type { TeamPreferences } from '../../src/services/scheduling/preferences/list-preferences.js';
import { ids } from '../../src/slack/ids.js';
import { type SlotPreferenceRef, slotPreferenceValue } from '../../src/slack/values/scheduling.js';
import { md, mrkdwn, plain } from '../shared/text.js';

const button = (actionId: string, text: string, ref: SlotPreferenceRef, style?: 'primary' | 'danger') => ({
  type: 'button' as const,
  action_id: actionId,
  text: plain(text),
  value: slotPreferenceValue.encode(ref),
  ...(style ? { style } : {}),
});

/**
 * Slot admins' weekly rules per team, each with Edit and Remove, and an "Add rule" per team,
 * in at most `budget` blocks: rules that do not fit are counted instead of shown.
 */
export function slotRuleBlocks(teams: readonly TeamPreferences[], budget: number): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (const [index, team] of teams.entries()) {
    // Room for this team's heading and a closing "more" line; the rest stay out.
    if (blocks.length + 2 > budget) {
      const left = teams.length - index;
      if (blocks.length < budget) {
        blocks.push({
          type: 'context',
          elements: [mrkdwn(md`…and the slot rules of ${left} more team${left === 1 ? '' : 's'}.`)],
        });
      }
      break;
    }
    const ref = { teamId: team.teamId };
    blocks.push({
      type: 'section',
      block_id: `slot_rules_${team.teamId}`,
      text: mrkdwn(
        md`*Weekly slot rules · ${team.team}*\n${team.rules.length === 0 ? 'No rules yet: no slots are made for this team.' : md`Times in ${team.timeZone}.`}`,
      ),
      accessory: button(ids.slotPreferenceAdd, 'Add rule', ref, 'primary'),
    });
    let shown = 0;
    for (const rule of team.rules) {
      if (blocks.length + 3 > budget) break;
      const ruleRef = { teamId: team.teamId, preferenceId: rule.id };
      blocks.push(
        { type: 'section', text: mrkdwn(md`${describePreference(rule)}`) },
        {
          type: 'actions',
          block_id: `slot_rule_${rule.id}`,
          elements: [
            button(ids.slotPreferenceEdit, 'Edit', ruleRef),
            button(ids.slotPreferenceRemove, 'Remove', ruleRef, 'danger'),
          ],
        },
      );
      shown++;
    }
    if (shown < team.rules.length) {
      blocks.push({ type: 'context', elements: [mrkdwn(md`…and ${team.rules.length - shown} more rules.`)] });
    }
  }
  return blocks;
}
