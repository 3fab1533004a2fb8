// Seed data: the storages every node of the demo cluster has. How full each is comes from the
// seeded generator (`usedBase + rng() * usedSpread`; no draw where the spread is 0).

const GiB = 1024 ** 3;

export interface StorageSeed {
  storage: string;
  plugintype: string;
  shared: boolean;
  content: string;
  maxdisk: number;
  usedBase: number;
  usedSpread: number;
}

export const NODE_STORAGES: readonly StorageSeed[] = [
  {
    storage: 'local',
    plugintype: 'dir',
    shared: false,
    content: 'backup,iso,vztmpl',
    maxdisk: 100 * GiB,
    usedBase: 0.2,
    usedSpread: 0.3,
  },
  {
    storage: 'local-lvm',
    plugintype: 'lvmthin',
    shared: false,
    content: 'images,rootdir',
    maxdisk: 900 * GiB,
    usedBase: 0.3,
    usedSpread: 0.4,
  },
  {
    storage: 'nas-backup',
    plugintype: 'nfs',
    shared: true,
    content: 'backup,iso',
    maxdisk: 8000 * GiB,
    usedBase: 0.55,
    usedSpread: 0,
  },
  {
    // A Proxmox Backup Server datastore (backups only; PBS volids and formats)
    storage: 'pbs',
    plugintype: 'pbs',
    shared: true,
    content: 'backup',
    maxdisk: 4000 * GiB,
    usedBase: 0.35,
    usedSpread: 0,
  },
];
