// Disk resize handlers (resize.ts does the work) and the datacenter options the client reads for
// tag colours (`GET /cluster/options`, datacenter.cfg with `tag-style` parsed, as
// PVE::DataCenterConfig answers it).

import type { GuestType } from '../model';
import { resizeDisk } from '../resize';
import { num, str, type Route } from './context';

/** datacenter.cfg of the demo cluster: tag colours for some of the seed's tags. */
export const DEMO_TAG_COLOR_MAP = 'prod:c62828:ffffff;db:1565c0;infra:2e7d32:ffffff';

function resizeRoute(type: GuestType): Route {
  return {
    method: 'PUT',
    template: `/nodes/{node}/${type}/{vmid}/resize`,
    auth: true,
    perm: ['/vms/{vmid}', 'VM.Config.Disk'],
    handler: (ctx) => {
      const p = ctx.params;
      const g = ctx.sim.guest(str(p, 'node'), type, num(p, 'vmid'));
      return {
        data: resizeDisk(ctx.sim, ctx.identity!, g, {
          disk: str(p, 'disk'),
          size: str(p, 'size'),
          ...(typeof p.digest === 'string' ? { digest: p.digest } : {}),
          ...(p.skiplock === true ? { skiplock: true } : {}),
        }),
      };
    },
  };
}

export const configExtraRoutes: Route[] = [
  resizeRoute('qemu'),
  resizeRoute('lxc'),
  {
    method: 'GET',
    template: '/cluster/options',
    auth: true,
    local: true,
    handler: () => ({
      data: {
        keyboard: 'en-us',
        console: 'xtermjs',
        'tag-style': { 'color-map': DEMO_TAG_COLOR_MAP, shape: 'circle' },
      },
    }),
  },
];
