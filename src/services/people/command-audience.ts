import { count, eq, sql } from 'drizzle-orm';
import { prepared, preparedFor } from '../../../db/prepared.js';
import { configApprovers } from '../../../db/schema/index.js';
import type { ServiceContext } from '../context.js';
import { rolesOf } from './access.js';

/** What a person may use of Otto's commands, by the roles they hold and the configs they approve. */
export interface CommandViewer {
  admin: boolean;
  /** A refresh manager, or an admin (admins may do everything a manager may, SPEC §1). */
  manager: boolean;
  /** Named on at least one refresh config. */
  approver: boolean;
  /** Schedule slot admin of at least one team. */
  slotAdmin: boolean;
  /** Refresh admin, or granted `desk_admin`: sets up the service desk. */
  deskAdmin: boolean;
}

const statements = preparedFor((db) => ({
  approves: prepared(
    db
      .select({ n: count() })
      .from(configApprovers)
      .where(eq(configApprovers.slackUserId, sql.placeholder('userId'))),
    'command-audience-approves',
  ),
}));

/** Who is asking, as `/otto help` needs it to show them only what they may use (SPEC §5). */
export async function commandViewer(ctx: Pick<ServiceContext, 'db'>, userId: string): Promise<CommandViewer> {
  const held = await rolesOf(ctx, userId);
  const holds = (role: string) => held.some((r) => r.role === role);
  const admin = holds('admin');
  return {
    admin,
    manager: admin || holds('manager'),
    approver: ((await statements(ctx.db).approves.execute({ userId }))[0]?.n ?? 0) > 0,
    slotAdmin: holds('slot_admin'),
    deskAdmin: admin || holds('desk_admin'),
  };
}
