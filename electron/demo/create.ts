// Creating guests as PVE does (pve-container API2/LXC.pm and qemu-server API2/Qemu.pm create_vm,
// without a backup): the property strings the schema leaves to the handler (rootfs/scsiN, netN,
// memory, ipconfigN) checked with pve-common's texts, refusals before forking (a taken id, a
// missing pool, template or storage), then a vzcreate/qmcreate worker holding the `create` lock;
// the guest shows in /cluster/resources from the first moment, locked, as the config is written
// before the worker runs.

import type { Identity } from './auth';
import { storageOf } from './backups-model';
import { checkCidr, checkTag, IPV4, newVolume, parseProps, subError } from './create-props';
import { fail, paramError } from './errors';
import type { DemoNode, Guest, GuestType } from './model';
import type { Params } from './params';
import type { Simulation } from './sim';
import type { TaskStep } from './tasks';

function checkUnused(sim: Simulation, vmid: number, prefix: string): void {
  const existing = sim.state.guests.get(vmid);
  if (!existing) return;
  // PVE::Cluster::check_vmid_unused
  const kind = existing.type === 'qemu' ? 'VM' : 'CT';
  throw fail(`${prefix}${kind} ${vmid} already exists on node '${existing.node}'`);
}

function checkPool(sim: Simulation, p: Params): string | undefined {
  if (p.pool === undefined) return undefined;
  const pool = String(p.pool);
  if (!sim.state.pools.includes(pool)) throw fail(`pool '${pool}' does not exist`);
  return pool;
}

function macFor(vmid: number): string {
  const h = ((vmid * 2654435761) >>> 0).toString(16).toUpperCase().padStart(8, '0');
  return `BC:24:11:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}`;
}

function blankGuest(vmid: number, type: GuestType, node: DemoNode, name: string): Guest {
  return {
    vmid,
    type,
    node: node.name,
    name,
    template: false,
    tags: [],
    cores: 1,
    memoryMiB: 512,
    diskGiB: 8,
    ostype: type === 'qemu' ? 'l26' : 'debian',
    mac: macFor(vmid),
    ip: `10.10.9.${(vmid % 250) + 2}`,
    agent: false,
    serial: false,
    run: 'stopped',
    frozen: false,
    startedAt: 0,
    pid: 0,
    lock: 'create',
    snapshots: [],
    profile: {
      cpuBase: 0.03,
      memFrac: 0.3,
      diskFrac: 0.2,
      netInRate: 2000,
      netOutRate: 3000,
      diskReadRate: 8000,
      diskWriteRate: 4000,
    },
  };
}

function register(sim: Simulation, g: Guest): void {
  sim.state.guests.set(g.vmid, g);
  sim.state.order = [...sim.state.guests.values()].sort((a, b) => a.vmid - b.vmid);
  sim.touch();
}

function finish(sim: Simulation, g: Guest, start: boolean, log: (l: string) => void): void {
  delete g.lock;
  sim.touch();
  if (!start) return;
  if (g.type === 'qemu') {
    const node = sim.state.nodes.find((n) => n.name === g.node)!;
    // qemu-server config_to_command
    if (g.cores > node.maxcpu)
      throw new Error(`MAX ${node.maxcpu} vcpus allowed per VM on this node`);
  }
  log(g.type === 'qemu' ? `start VM ${g.vmid}` : `starting CT ${g.vmid}`);
  g.run = 'running';
  g.startedAt = sim.clock.now();
  g.pid = 1000 + ((g.vmid * 7919 + g.startedAt) % 3_000_000);
  sim.touch();
}

function lxcNet(key: string, text: string, g: Guest): string {
  const props = parseProps(key, text, 'name', [
    'name',
    'bridge',
    'hwaddr',
    'ip',
    'gw',
    'ip6',
    'gw6',
    'tag',
    'firewall',
    'mtu',
    'rate',
    'type',
    'link_down',
  ]);
  if (props.name === undefined) subError(key, 'name', 'property is missing and it is not optional');
  if (props.ip !== undefined) checkCidr(key, 'ip', props.ip, ['dhcp', 'manual']);
  if (props.gw !== undefined && !IPV4.test(props.gw))
    subError(key, 'gw', `value does not look like a valid IPv4 address`);
  checkTag(key, props.tag);
  props.hwaddr ??= g.mac;
  props.type ??= 'veth';
  if (props.ip && props.ip !== 'dhcp' && props.ip !== 'manual') g.ip = props.ip.split('/')[0]!;
  // PVE writes the keys in its schema order
  const order = ['name', 'bridge', 'firewall', 'gw', 'hwaddr', 'ip', 'ip6', 'tag', 'type'];
  return Object.keys(props)
    .sort((a, b) => ((order.indexOf(a) + 99) % 99) - ((order.indexOf(b) + 99) % 99))
    .map((k) => `${k}=${props[k]!}`)
    .join(',');
}

/** POST /nodes/{node}/lxc without `restore`: a vzcreate worker. Returns its UPID. */
export function createContainer(
  sim: Simulation,
  identity: Identity,
  node: DemoNode,
  p: Params,
): string {
  const vmid = Number(p.vmid);
  const name = p.hostname === undefined ? `CT${vmid}` : String(p.hostname);
  const g = blankGuest(vmid, 'lxc', node, name);
  // Property strings are checked with the schema, before anything else (400)
  if (p.net0 !== undefined) g.net0 = lxcNet('net0', String(p.net0), g);
  checkUnused(sim, vmid, '');
  const pool = checkPool(sim, p);
  const volid = String(p.ostemplate);
  const found = storageOf(sim).find(node, volid);
  if (!found || found.volume.content !== 'vztmpl') throw fail(`volume '${volid}' does not exist`);
  const keys =
    p['ssh-public-keys'] === undefined
      ? []
      : String(p['ssh-public-keys'])
          .split('\n')
          .filter((l) => l.trim());
  // PVE::Tools::validate_ssh_public_keys (ssh-keygen -l on each line)
  if (
    keys.some(
      (k) =>
        !/^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-\S+) [A-Za-z0-9+/]+={0,3}( .*)?$/.test(
          k.trim(),
        ),
    )
  ) {
    throw fail('SSH public key validation error');
  }
  const rootfs =
    p.rootfs === undefined
      ? undefined
      : parseProps('rootfs', String(p.rootfs), 'volume', [
          'volume',
          'size',
          'acl',
          'quota',
          'replicate',
          'ro',
          'shared',
          'mountoptions',
        ]);
  const disk = newVolume(
    node,
    'rootfs',
    rootfs?.volume ?? `${String(p.storage ?? 'local')}:4`,
    'rootdir',
  );
  g.diskGiB = disk.gib;
  g.cores = p.cores === undefined ? 1 : Number(p.cores);
  g.memoryMiB = p.memory === undefined ? 512 : Number(p.memory);
  g.swapMiB = p.swap === undefined ? 512 : Number(p.swap);
  g.privileged = p.unprivileged !== true;
  g.ostype = /^(\w+)-/.exec(volid.split('/').pop() ?? '')?.[1] ?? 'debian';
  if (pool) g.pool = pool;
  if (p.description !== undefined) g.extra = { description: String(p.description) };
  register(sim, g);
  const start = p.start === true;
  const t = sim.tasks;
  const task = t.start(
    node.name,
    'vzcreate',
    String(vmid),
    identity.authid,
    () => {
      const steps: TaskStep[] = [
        {
          seconds: 0.4,
          action: (log) => {
            log(`  Logical volume "vm-${vmid}-disk-0" created.`);
            log(
              `Creating filesystem with ${disk.gib * 262144} 4k blocks and ${disk.gib * 65536} inodes`,
            );
          },
        },
        {
          seconds: t.duration(2, 4),
          action: (log) => {
            log(`extracting archive '/var/lib/vz/template/cache/${volid.split('/').pop()!}'`);
            log(
              `Total bytes read: ${found.volume.size * 3} (${Math.round((found.volume.size * 3) / 1024 ** 2)}MiB)`,
            );
            log('Detected container architecture: amd64');
          },
        },
        {
          seconds: 0.5,
          action: (log) => {
            log("Creating SSH host key 'ssh_host_ed25519_key' - this may take some time ...");
            log('done: SHA256:q1vX0bWn3oZ2cEw9mS8rJ4tA6yK5uP7hD0fG2iL3nQ root@' + name);
            finish(sim, g, start, log);
          },
        },
      ];
      return steps;
    },
    { lockKey: String(vmid) },
  );
  return task.upid;
}

/** POST /nodes/{node}/qemu without `archive`: a qmcreate worker. Returns its UPID. */
export function createVm(sim: Simulation, identity: Identity, node: DemoNode, p: Params): string {
  const vmid = Number(p.vmid);
  const g = blankGuest(vmid, 'qemu', node, p.name === undefined ? `VM${vmid}` : String(p.name));
  if (p.memory !== undefined) {
    const mem = parseProps('memory', String(p.memory), 'current', ['current']);
    const cur = mem.current ?? '';
    if (!/^\d+$/.test(cur))
      subError('memory', 'current', `type check ('integer') failed - got '${cur}'`);
    if (Number(cur) < 16) subError('memory', 'current', 'value must have a minimum value of 16');
    g.memoryMiB = Number(cur);
  }
  g.cores = p.cores === undefined ? 1 : Number(p.cores);
  if (p.ostype !== undefined) g.ostype = String(p.ostype);
  const extra: Record<string, string> = {};
  if (p.net0 !== undefined) {
    const models = ['virtio', 'e1000', 'rtl8139', 'vmxnet3'];
    const n = parseProps('net0', String(p.net0), 'model', [
      'model',
      'macaddr',
      'bridge',
      'tag',
      'firewall',
      'queues',
      'rate',
      'mtu',
      'link_down',
      ...models,
    ]);
    const model = models.find((m) => n[m] !== undefined) ?? n.model ?? 'virtio';
    if (!models.includes(model))
      subError(
        'net0',
        'model',
        `value '${model}' does not have a value in the enumeration '${models.join(', ')}'`,
      );
    checkTag('net0', n.tag);
    const mac = n[model] || n.macaddr || g.mac;
    g.mac = mac;
    g.net0 = [
      `${model}=${mac}`,
      n.bridge && `bridge=${n.bridge}`,
      n.firewall && `firewall=${n.firewall}`,
      n.tag && `tag=${n.tag}`,
    ]
      .filter(Boolean)
      .join(',');
  }
  for (const k of [
    'ciuser',
    'sshkeys',
    'cipassword',
    'nameserver',
    'searchdomain',
    'description',
    'balloon',
    'sockets',
    'scsihw',
    'agent',
    'onboot',
  ]) {
    if (p[k] !== undefined) extra[k] = String(p[k]);
  }
  if (p.ipconfig0 !== undefined) {
    const ic = parseProps('ipconfig0', String(p.ipconfig0), 'ip', ['ip', 'gw', 'ip6', 'gw6']);
    if (ic.ip !== undefined) checkCidr('ipconfig0', 'ip', ic.ip, ['dhcp']);
    if (ic.gw !== undefined && !IPV4.test(ic.gw))
      subError('ipconfig0', 'gw', 'value does not look like a valid IPv4 address');
    if (ic.ip && ic.ip !== 'dhcp') g.ip = ic.ip.split('/')[0]!;
    extra.ipconfig0 = String(p.ipconfig0);
  }
  // Property strings above are schema checks (400); what follows is the handler's (500)
  checkUnused(sim, vmid, `unable to create VM ${vmid} - `);
  const pool = checkPool(sim, p);
  const disks: string[] = [];
  for (const key of Object.keys(p).filter((k) => /^(scsi|ide|sata|virtio)\d+$/.test(k))) {
    const d = parseProps(key, String(p[key]), 'file', [
      'file',
      'media',
      'size',
      'iothread',
      'discard',
      'ssd',
      'cache',
      'format',
    ]);
    const file = d.file ?? '';
    if (d.media === 'cdrom' || file === 'none' || file === 'cdrom') {
      const found = file === 'none' ? undefined : storageOf(sim).find(node, file);
      if (file !== 'none' && (!found || found.volume.content !== 'iso')) {
        throw fail(`volume '${file}' does not exist`);
      }
      extra[key] =
        `${file},media=cdrom${found ? `,size=${Math.round(found.volume.size / 1024 ** 2)}M` : ''}`;
      continue;
    }
    const ci = /^([a-z][a-z0-9\-_.]*[a-z0-9]):cloudinit$/i.exec(file);
    if (ci) {
      newVolume(node, key, `${ci[1]!}:1`, 'images');
      extra[key] = `${ci[1]!}:vm-${vmid}-cloudinit,media=cdrom`;
      disks.push(`${key}: successfully created disk '${extra[key]}'`);
      continue;
    }
    if (key !== 'scsi0') throw paramError({ [key]: 'the demo cluster creates one disk, scsi0' });
    const v = newVolume(node, key, file, 'images');
    g.diskGiB = v.gib;
    disks.push(
      `${key}: successfully created disk '${v.st.storage}:vm-${vmid}-disk-0,iothread=1,size=${v.gib}G'`,
    );
  }
  if (p.agent !== undefined) g.agent = /^(1|enabled=1)/.test(String(p.agent));
  if (pool) g.pool = pool;
  if (Object.keys(extra).length) g.extra = extra;
  register(sim, g);
  const start = p.start === true;
  const task = sim.tasks.start(
    node.name,
    'qmcreate',
    String(vmid),
    identity.authid,
    () => [
      {
        seconds: sim.tasks.duration(3, 5),
        action: (log) => {
          if (g.diskGiB) log(`  Logical volume "vm-${vmid}-disk-0" created.`);
          for (const l of disks) log(l);
        },
      },
      { seconds: 0.3, action: (log) => finish(sim, g, start, log) },
    ],
    { lockKey: String(vmid) },
  );
  return task.upid;
}
