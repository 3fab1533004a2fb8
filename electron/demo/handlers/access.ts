// Version and access handlers: GET /version (and a node's), the realms, and POST /access/ticket (login, ticket
// renewal, and the verify mode termproxy's older route uses).

import { AuthService } from '../auth';
import { permissionDenied } from '../errors';
import { str, type HandlerContext, type Reply, type Route } from './context';

const REPOID = '9e2c1a0d5b5d1f1e';

async function login(ctx: HandlerContext): Promise<Reply> {
  const { auth, params } = ctx;
  let user: string;
  try {
    user = AuthService.loginName(str(params, 'username'), params.realm as string | undefined);
  } catch {
    return ctx.authFailure();
  }
  const password = str(params, 'password');
  const challenge = params['tfa-challenge'];
  let ok = false;
  let secondFactorDone = false;
  if (typeof challenge === 'string') {
    // TFA step 2: the half ticket of step 1 and `<kind>:<value>`; `otp` alongside is an error.
    ok =
      params.otp === undefined &&
      auth.userExists(user) &&
      auth.verifyTfaTicket(challenge, user) &&
      auth.tfa.verify(user, password, ctx.sim.clock.now());
    secondFactorDone = true;
  } else if (params.path !== undefined && /^(.{8}:)?PVEVNC:/.test(password)) {
    // verify_auth's old termproxy route: a port-less VNC ticket of this user for the path.
    const path = str(params, 'path');
    ok = auth.userExists(user) && auth.verifyVncTicket(password, user, path, undefined);
  } else if (password.startsWith('PVE:')) {
    // Renewal: a valid ticket stands in for the password; root@pam's may mint for others.
    const owner = auth.verifyTicket(password);
    ok = owner !== undefined && (owner === user || owner === 'root@pam') && auth.userExists(user);
  } else {
    ok = auth.checkPassword(user, password);
  }
  if (!ok) return ctx.authFailure();
  if (params.path !== undefined) {
    // Verify mode: only answers whether the credentials hold the privileges on the path.
    for (const priv of str(params, 'privs')
      .split(/[,; ]+/)
      .filter(Boolean)) {
      if (!auth.hasPriv({ user, authid: user }, priv)) {
        throw permissionDenied(str(params, 'path'), priv);
      }
    }
    return { data: { username: user } };
  }
  // A password login (not a renewal) of a user with a second factor gets only a half ticket.
  if (!secondFactorDone && !password.startsWith('PVE:') && auth.tfa.has(user)) {
    return {
      data: {
        username: user,
        ticket: auth.createTfaTicket(user, auth.tfa.challenge(user)),
        CSRFPreventionToken: auth.createCsrfToken(user),
        NeedTFA: 1,
      },
    };
  }
  const data: Record<string, unknown> = {
    username: user,
    ticket: auth.createTicket(user),
    CSRFPreventionToken: auth.createCsrfToken(user),
    cap: auth.capabilities(user),
  };
  // As AccessControl.pm: only a node in a cluster has a name to give.
  if (!ctx.sim.state.standalone && auth.hasPriv({ user, authid: user }, 'Sys.Audit'))
    data.clustername = ctx.sim.state.name;
  return { data };
}

export const accessRoutes: Route[] = [
  {
    method: 'GET',
    template: '/version',
    auth: true,
    handler: (ctx) => {
      const version = ctx.sim.opts.version;
      const release = version.split('.').slice(0, 2).join('.');
      return { data: { version, release, repoid: REPOID, console: 'html5' } };
    },
  },
  {
    // Any user may ask (permissions: user => all); pveproxy forwards it to the node, so it
    // answers 595 while the node is unreachable.
    method: 'GET',
    template: '/nodes/{node}/version',
    auth: true,
    handler: (ctx) => {
      const version = ctx.sim.opts.version;
      const release = version.split('.').slice(0, 2).join('.');
      return { data: { version, release, repoid: REPOID } };
    },
  },
  {
    method: 'GET',
    template: '/access/domains',
    auth: false,
    handler: () => ({
      data: [
        { realm: 'pam', type: 'pam', comment: 'Linux PAM standard authentication', default: 1 },
        { realm: 'pve', type: 'pve', comment: 'Proxmox VE authentication server' },
      ],
    }),
  },
  { method: 'GET', template: '/access/ticket', auth: false, handler: () => ({ data: null }) },
  { method: 'POST', template: '/access/ticket', auth: false, noToken: true, handler: login },
];
