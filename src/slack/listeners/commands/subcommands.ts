import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { renderHelp, type SubcommandHelp } from '../../../../blocks/messages/help.js';
import type { ServiceContext } from '../../../services/context.js';
import { rolesSubcommand } from './roles.js';

export interface SubcommandReply {
  text: string;
  blocks?: KnownBlock[];
}

/** What a subcommand that opens a modal or posts a message needs: the trigger and the client. */
export interface SubcommandInteraction {
  ctx: ServiceContext;
  userId: string;
  words: string[];
  /** The rest of the command text as typed (pasted lists keep their line breaks). */
  rest: string;
  channelId: string;
  triggerId: string;
  client: WebClient;
}

interface Subcommand extends SubcommandHelp {
  name: string;
  /** Answers at once with an ephemeral reply (fast: database work only). */
  run?(ctx: ServiceContext, userId: string, words: string[]): SubcommandReply;
  /**
   * Acked first, then run: opens modals (the trigger_id lives 3 s) or posts messages. A reply
   * it returns is sent ephemerally through the command's response_url.
   */
  open?(interaction: SubcommandInteraction): Promise<SubcommandReply | undefined>;
}

/** Every `/otto` subcommand; `help` lists them, so a new one is added here and nowhere else. */
export const subcommands: readonly Subcommand[] = [
  {
    name: 'help',
    usage: 'help',
    summary: 'lists what Otto can do',
    who: 'everyone',
    run: () => renderHelp(subcommands),
  },
  {
    name: 'roles',
    usage: 'roles [grant|revoke @person <role> [team]]',
    summary: 'lists who holds which role, grants and revokes roles',
    who: 'refresh admins',
    run: rolesSubcommand,
  },
];
