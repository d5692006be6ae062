import type { ServiceContext } from '../../context.js';
import { notAllowed } from '../../errors.js';
import { rolesOf } from '../../people/access.js';

/** Desk admins: refresh admins, and the people granted `desk_admin` (SPEC §1). */
export async function isDeskAdmin(ctx: Pick<ServiceContext, 'db'>, userId: string): Promise<boolean> {
  return (await rolesOf(ctx, userId)).some((r) => r.role === 'admin' || r.role === 'desk_admin');
}

export async function requireDeskAdmin(
  ctx: Pick<ServiceContext, 'db'>,
  userId: string,
  doing: string,
): Promise<void> {
  if (!(await isDeskAdmin(ctx, userId))) throw notAllowed(`Only desk admins can ${doing}.`);
}
