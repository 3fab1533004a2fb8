// Words for backups, shared by the panels and dialogs: what each vzdump mode means for a running
// guest, the compression choices, the volume formats, and the task types that change a guest's
// list of backups.

import type { BackupCompress, BackupMode, StorageVolume } from '../../../../shared/backups';
import type { GuestType } from '../../../../shared/model';

export const BACKUP_TASK_TYPES: readonly string[] = ['vzdump', 'qmrestore', 'vzrestore', 'imgdel'];

export const MODES: { value: BackupMode; label: string }[] = [
  { value: 'snapshot', label: 'Snapshot' },
  { value: 'suspend', label: 'Suspend' },
  { value: 'stop', label: 'Stop' },
];

/** What a mode does to a running guest (vzdump's three modes, PVE admin guide "Backup modes"). */
export function modeMeaning(mode: BackupMode, type: GuestType, running: boolean): string {
  const vm = type === 'qemu';
  if (!running) return 'The guest is stopped: every mode backs it up as it is.';
  switch (mode) {
    case 'snapshot':
      return vm
        ? 'Keeps running the whole time; the backup is of a live disk (use the guest agent for consistent file systems).'
        : 'Keeps running; a storage snapshot is copied (needs a storage that can snapshot).';
    case 'suspend':
      return vm
        ? 'Paused for a moment at the start so the disks are consistent, then runs on.'
        : 'Copied live first, then suspended briefly to copy what changed meanwhile.';
    case 'stop':
      return 'Shut down cleanly for the backup’s start (the most consistent), then started again.';
  }
}

export const COMPRESSIONS: { value: BackupCompress; label: string }[] = [
  { value: 'zstd', label: 'ZSTD (fast and good)' },
  { value: 'lzo', label: 'LZO (fastest)' },
  { value: 'gzip', label: 'GZIP (widely readable)' },
  { value: '0', label: 'None' },
];

/** A volume's format in words: "PBS", "VMA + zstd", "tar + gzip". */
export function formatLabel(v: Pick<StorageVolume, 'format'>): string {
  if (v.format.startsWith('pbs-')) return 'PBS';
  const [base, comp] = v.format.split('.');
  const what = base === 'vma' ? 'VMA' : base === 'tar' ? 'tar' : (base ?? v.format);
  const c = comp === 'zst' ? 'zstd' : comp === 'gz' ? 'gzip' : comp;
  return c ? `${what} + ${c}` : what;
}

export const NOTES_DEFAULT = '{{guestname}}';
