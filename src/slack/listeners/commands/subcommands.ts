import type { KnownBlock } from '@slack/types';
import { renderHelp, type SubcommandHelp } from '../../../../blocks/messages/help.js';
import type { ServiceContext } from '../../../services/context.js';
import { rolesSubcommand } from './roles.js';

export interface SubcommandReply {
  text: string;
  blocks?: KnownBlock[];
}

interface Subcommand extends SubcommandHelp {
  name: string;
  run(ctx: ServiceContext, userId: string, words: string[]): SubcommandReply;
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
