// POST /cluster/bulk-action/guest/{start,shutdown,suspend,migrate} (bulk.ts does the work); a
// version before 9.0.13 answers as for any path it does not know (501).

import { bulkGuestAction, hasBulkActions, type BulkGuestAction } from '../bulk';
import { notImplemented, permissionDenied } from '../errors';
import type { Route } from './context';

const ACTIONS: readonly BulkGuestAction[] = ['start', 'shutdown', 'suspend', 'migrate'];

export const bulkRoutes: Route[] = ACTIONS.map((action) => ({
  method: 'POST',
  template: `/cluster/bulk-action/guest/${action}`,
  auth: true,
  local: true,
  handler: (ctx) => {
    if (!hasBulkActions(ctx.sim.opts.version)) {
      throw notImplemented('POST', `/cluster/bulk-action/guest/${action}`);
    }
    // VM.PowerMgmt (VM.Migrate) on / or on each listed guest.
    const priv = action === 'migrate' ? 'VM.Migrate' : 'VM.PowerMgmt';
    if (!ctx.auth.hasPriv(ctx.identity!, priv)) throw permissionDenied('/', priv);
    return { data: bulkGuestAction(ctx.sim, ctx.identity!, action, ctx.params) };
  },
}));
