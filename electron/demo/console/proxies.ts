// Making console proxies (spec §7): POST …/termproxy and …/vncproxy. Each call gets a VNC ticket,
// a port in 5900–5999 and a worker task, and leaves a session waiting for its websocket. The
// command line termproxy would run is kept for the task's error text.
//   NODES = pve-manager PVE/API2/Nodes.pm, QEMU = qemu-server src/PVE/API2/Qemu.pm,
//   LXC = pve-container src/PVE/API2/LXC.pm.

import type { Identity } from '../auth';
import type { Guest } from '../model';
import type { Simulation } from '../sim';
import type { SessionRegistry } from './registry';
import { generateVncPassword, type ConsoleTickets } from './tickets';
import type { ConsoleFeatures } from './version';

export interface TermproxyReply {
  user: string;
  ticket: string;
  port: number;
  upid: string;
}

export interface VncproxyReply extends TermproxyReply {
  cert: string;
  password?: string;
}

export class ConsoleProxies {
  constructor(
    private readonly sim: Simulation,
    private readonly features: ConsoleFeatures,
    private readonly tickets: ConsoleTickets,
    private readonly registry: SessionRegistry,
    /** the PEM the vncproxy reply carries as `cert` (PVE: pve-root-ca.pem) */
    private readonly certificatePem: () => string,
  ) {}

  private ssh(node: string): string {
    const n = this.sim.node(node);
    return `/usr/bin/ssh -e none -o BatchMode=yes -o HostKeyAlias=${node} -t root@${n.ip} --`;
  }

  private termproxyCmd(port: number, path: string, perm: string, vncEndpoint: boolean): string {
    return [
      '/usr/bin/termproxy',
      String(port),
      '--path',
      path,
      '--perm',
      perm,
      ...(vncEndpoint ? ['--vncticket-endpoint'] : []),
      ...(this.features.portBoundTickets ? ['--verify-port', '--ticket-fd', '12'] : []),
      '--',
    ].join(' ');
  }

  /** POST /nodes/{node}/termproxy */
  nodeTermproxy(identity: Identity, node: string): TermproxyReply {
    // NODES termproxy before 9.0.13 ran verify_username($rpcenv->get_user()).
    this.tickets.checkNodeShellCaller(identity);
    const n = this.sim.node(node);
    const path = `/nodes/${node}`;
    // NODES get_shell_command: root@pam gets `login -f root` (nothing over ssh), anyone else
    // /bin/login; a remote node is reached by `ssh -t root@<ip> --`.
    const local = n === this.sim.localNode;
    const login =
      identity.authid === 'root@pam' ? (local ? '/bin/login -f root' : '') : '/bin/login';
    const s = this.registry.open({
      spec: { kind: 'shell', node, identity, aclPath: path, priv: 'Sys.Console' },
      taskType: 'vncshell',
      taskId: '',
      ticketFor: (port) => ({ ticket: this.tickets.issue(identity, path, port) }),
      cmdlineFor: (port) =>
        `${this.termproxyCmd(port, path, 'Sys.Console', this.features.nodeShellTokens)} ${local ? '' : this.ssh(node) + ' '}${login}`.trimEnd(),
    });
    return { user: identity.authid, ticket: s.ticket, port: s.port, upid: s.task.upid };
  }

  /** POST /nodes/{node}/lxc/{vmid}/termproxy and /nodes/{node}/qemu/{vmid}/termproxy */
  guestTermproxy(identity: Identity, guest: Guest, serial: string | undefined): TermproxyReply {
    const path = `/vms/${guest.vmid}`;
    const local = this.sim.node(guest.node) === this.sim.localNode;
    const remote = local ? '' : this.ssh(guest.node) + ' ';
    const inner =
      guest.type === 'lxc'
        ? // LXC termproxy: dtach around lxc-console (cmode tty, the default).
          `/usr/bin/dtach -A /var/run/dtach/vzctlconsole${guest.vmid} -r winch -z lxc-console -n ${guest.vmid} -e -1`
        : `/usr/sbin/qm terminal ${guest.vmid} -escape 0${serial ? ` -iface ${serial}` : ''}`;
    const s = this.registry.open({
      spec: {
        kind: guest.type === 'lxc' ? 'lxc' : 'serial',
        node: guest.node,
        guest,
        serial,
        identity,
        aclPath: path,
        priv: 'VM.Console',
      },
      taskType: 'vncproxy',
      taskId: String(guest.vmid),
      ticketFor: (port) => ({ ticket: this.tickets.issue(identity, path, port) }),
      cmdlineFor: (port) =>
        `${this.termproxyCmd(port, path, 'VM.Console', this.features.portBoundTickets)} ${remote}${inner}`,
    });
    return { user: identity.authid, ticket: s.ticket, port: s.port, upid: s.task.upid };
  }

  /** POST /nodes/{node}/qemu/{vmid}/vncproxy */
  vncproxy(identity: Identity, guest: Guest, generatePassword: boolean): VncproxyReply {
    const path = `/vms/${guest.vmid}`;
    let password: string | undefined;
    const s = this.registry.open({
      spec: { kind: 'vnc', node: guest.node, guest, identity, aclPath: path, priv: 'VM.Console' },
      taskType: 'vncproxy',
      taskId: String(guest.vmid),
      ticketFor: (port) => {
        const ticket = this.tickets.issue(identity, path, port);
        if (this.features.portBoundTickets) {
          // QEMU vncproxy since 282ec11d: a fresh password whenever VNC auth is used, and the
          // ticket prefixed with it so clients that use the ticket as password still work.
          password = generateVncPassword();
          return { ticket: `${password}:${ticket}`, vncPassword: password };
        }
        // Before: the ticket itself is the VNC password unless generate-password asks for one.
        if (generatePassword) password = generateVncPassword();
        return { ticket, vncPassword: password ?? ticket };
      },
      cmdlineFor: () => `/usr/sbin/qm vncproxy ${guest.vmid}`,
    });
    const reply: VncproxyReply = {
      user: identity.authid,
      ticket: s.ticket,
      port: s.port,
      upid: s.task.upid,
      cert: this.certificatePem(),
    };
    if (password !== undefined) reply.password = password;
    return reply;
  }
}
