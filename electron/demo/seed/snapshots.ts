// Seed data of the demo cluster: a few guests' snapshots as an admin leaves them (a small tree on a
// web VM with one RAM snapshot, a container's single snapshot, and a VM with a broken snapshot a
// failed task left behind). Pure data, placed by name on the first cycle of guests.

import type { Guest, Snapshot } from '../model';

const DAY = 86_400;

interface SeedSnapshot {
  name: string;
  description: string;
  /** days before now */
  ago: number;
  parent?: string;
  vmstate?: boolean;
  broken?: boolean;
  /** the guest had other settings then */
  conf?: Partial<Snapshot['conf']>;
}

const SEEDS: Record<string, { current: string; snaps: SeedSnapshot[] }> = {
  web01: {
    current: 'after-upgrade',
    snaps: [
      {
        name: 'before-upgrade',
        description: 'Debian 12, before the dist-upgrade to 13',
        ago: 41.3,
        conf: { memoryMiB: 2048 },
      },
      {
        name: 'php84-test',
        description: 'Trying PHP 8.4 (abandoned)',
        ago: 33.8,
        parent: 'before-upgrade',
      },
      {
        name: 'after-upgrade',
        description: 'Upgraded to Debian 13, app tested\nRAM saved: resumes with the app running',
        ago: 12.1,
        parent: 'before-upgrade',
        vmstate: true,
      },
    ],
  },
  proxy01: {
    current: 'pre-certbot',
    snaps: [{ name: 'pre-certbot', description: 'Before switching to certbot DNS-01', ago: 6.4 }],
  },
  'k8s-cp1': {
    current: 'initial',
    snaps: [
      { name: 'initial', description: 'Replica set up, empty', ago: 90.2 },
      {
        name: 'pre-migration',
        description: '',
        ago: 2.7,
        parent: 'initial',
        broken: true,
      },
    ],
  },
};

/** Give the seeded guests their snapshots (guests of later cycles have none). */
export function seedSnapshots(guests: Map<number, Guest>, now: number): void {
  for (const g of guests.values()) {
    const seed = SEEDS[g.name];
    if (!seed || g.template) continue;
    g.snapshots = seed.snaps.map((s) => {
      const snap: Snapshot = {
        name: s.name,
        description: s.description,
        snaptime: Math.round(now - s.ago * DAY),
        vmstate: g.type === 'qemu' && s.vmstate === true,
        conf: {
          name: g.name,
          cores: g.cores,
          memoryMiB: g.memoryMiB,
          tags: [...g.tags],
          ...s.conf,
        },
      };
      if (s.parent) snap.parent = s.parent;
      if (s.broken) {
        // A snapshot task that died after writing the section; someone ran `qm unlock` since.
        snap.snapstate = 'prepare';
        snap.broken = true;
      }
      return snap;
    });
    // The broken one is not the current state's parent (its commit never ran).
    g.parent = seed.current;
  }
}
