// The router: every handler table in one list, matched by `METHOD path-template` of endpoints.ts.
// A route not listed there is refused when the router is made (it would have no parameter table).

import { DEMO_ENDPOINTS } from './endpoints';
import { consoleRoutes } from './console/routes';
import { accessRoutes } from './handlers/access';
import { agentRoutes } from './handlers/agent';
import { agentExecRoutes } from './handlers/agent-exec';
import { clusterRoutes } from './handlers/cluster';
import { certificateRoutes } from './handlers/certificates';
import type { Route } from './handlers/context';
import { backupRoutes } from './handlers/backups';
import { guestRoutes } from './handlers/guests';
import { storageRoutes } from './handlers/storage';
import { snapshotRoutes } from './handlers/snapshots';
import { configRoutes } from './handlers/config';
import { configExtraRoutes } from './handlers/config-extra';
import { statsRoutes } from './handlers/stats';
import { taskRoutes } from './handlers/tasks';
import { logRoutes } from './handlers/logs';
import { migrateRoutes } from './handlers/migrate';
import { networkRoutes } from './handlers/network';
import { cloneRoutes } from './handlers/clone';
import { bulkRoutes } from './handlers/bulk';

export type { HandlerContext, Reply, Route } from './handlers/context';

const routes: readonly Route[] = [
  ...accessRoutes,
  ...clusterRoutes,
  ...certificateRoutes,
  ...guestRoutes,
  ...agentRoutes,
  ...agentExecRoutes,
  ...taskRoutes,
  ...logRoutes,
  ...statsRoutes,
  ...snapshotRoutes,
  ...configRoutes,
  ...configExtraRoutes,
  ...consoleRoutes,
  ...storageRoutes,
  ...backupRoutes,
  ...migrateRoutes,
  ...networkRoutes,
  ...cloneRoutes,
  ...bulkRoutes,
];

export interface Match {
  route: Route;
  pathParams: Record<string, string>;
}

interface Compiled {
  route: Route;
  segments: string[];
}

export class Router {
  private readonly compiled: Compiled[];

  constructor() {
    const listed = new Set(DEMO_ENDPOINTS);
    for (const r of routes) {
      const endpoint = `${r.method} ${r.template}`;
      if (!listed.has(endpoint)) throw new Error(`${endpoint} is not in DEMO_ENDPOINTS`);
    }
    this.compiled = routes.map((route) => ({
      route,
      segments: route.template.split('/').slice(1),
    }));
  }

  /** The route for a method and a path relative to /api2/json, or undefined (→ 501). */
  match(method: string, relPath: string): Match | undefined {
    const parts = relPath.split('/').slice(1);
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    for (const c of this.compiled) {
      if (c.route.method !== method || c.segments.length !== parts.length) continue;
      const pathParams: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = c.segments[i]!;
        let part: string;
        try {
          part = decodeURIComponent(parts[i]!);
        } catch {
          ok = false;
          break;
        }
        if (seg.startsWith('{')) pathParams[seg.slice(1, -1)] = part;
        else if (seg !== part) {
          ok = false;
          break;
        }
      }
      if (ok) return { route: c.route, pathParams };
    }
    return undefined;
  }
}
