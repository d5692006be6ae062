import type { WebClient } from '@slack/web-api';
import type { LookUpSlackAccount } from '../../services/refresh/inventory/match-people-to-slack.js';

/** `users.lookupByEmail` as the matching service asks it: a miss is null, any other failure throws. */
export function lookUpByEmail(client: WebClient): LookUpSlackAccount {
  return async (email) => {
    try {
      const { user } = await client.users.lookupByEmail({ email });
      if (!user?.id) return null;
      const realName = user.real_name || user.profile?.real_name;
      return realName ? { id: user.id, realName } : { id: user.id };
    } catch (error) {
      if ((error as { data?: { error?: string } }).data?.error === 'users_not_found') return null;
      throw error;
    }
  };
}
