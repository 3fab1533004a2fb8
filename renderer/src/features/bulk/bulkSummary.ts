// The one toast a bulk job ends with (instead of one per guest): "Shut down 3 guests: 2 OK,
// 1 failed", green when all went well, red when some failed, naming the profile with several.

import type { NotificationData } from '@mantine/notifications';
import { bulkActionLabel, type BulkItemState, type BulkJob } from '../../../../shared/bulk';
import type { ProfileInfo } from '../../../../shared/model';

const WORDS: [BulkItemState, string][] = [
  ['ok', 'OK'],
  ['failed', 'failed'],
  ['cancelled', 'cancelled'],
];

export function summaryText(job: BulkJob): string {
  const n = job.items.length;
  const counts = WORDS.map(([s, w]) => [job.items.filter((i) => i.state === s).length, w] as const)
    .filter(([c]) => c > 0)
    .map(([c, w]) => `${String(c)} ${w}`)
    .join(', ');
  return `${bulkActionLabel(job.action)} ${String(n)} guest${n === 1 ? '' : 's'}: ${counts}`;
}

export function summaryToast(job: BulkJob, profiles: readonly ProfileInfo[]): NotificationData {
  const failed = job.items.filter((i) => i.state === 'failed');
  const ids = [...new Set(job.items.map((i) => i.ref.profileId))];
  const where =
    profiles.length > 1
      ? ids.length === 1
        ? `${profiles.find((p) => p.id === ids[0])?.name ?? ids[0]!} · `
        : `${String(ids.length)} clusters · `
      : '';
  return {
    color: failed.length > 0 ? 'red' : 'green',
    title: `${where}${summaryText(job)}`,
    message:
      failed.length > 0
        ? failed
            .slice(0, 3)
            .map((i) => `${i.label}: ${i.message ?? 'failed'}`)
            .join('\n') + (failed.length > 3 ? `\n… and ${String(failed.length - 3)} more` : '')
        : null,
    autoClose: failed.length > 0 ? 10_000 : 6000,
  };
}
