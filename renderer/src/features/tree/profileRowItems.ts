// The profile row's own entries in its context menu, after the bulk actions: move it up or down
// in the list and duplicate it, through the same calls as the profile's settings dialog
// (`profiles.reorder`, `profiles.duplicate`). A failure is a toast naming the profile.

import { notifications } from '@mantine/notifications';
import type { ProfileInfo } from '../../../../shared/model';
import type { DeckhandApi } from '../../../../shared/ipc';
import { describeError } from '../../ui/describeError';
import type { PointMenuItem } from './PointMenu';

function failed(title: string, err: unknown): void {
  notifications.show({ color: 'red', title, message: describeError(err), autoClose: 10_000 });
}

/** Move up and Move down (when there are two or more) and Duplicate (not for the demo). */
export function profileRowItems(
  api: Pick<DeckhandApi, 'invoke'>,
  profile: ProfileInfo,
  profiles: readonly ProfileInfo[],
  onClose: () => void,
): PointMenuItem[] {
  const ids = profiles.map((p) => p.id);
  const index = ids.indexOf(profile.id);
  const move = (delta: -1 | 1): PointMenuItem => {
    const to = index + delta;
    const edge = index < 0 || to < 0 || to >= ids.length;
    return {
      key: delta < 0 ? 'profile-up' : 'profile-down',
      separated: delta < 0,
      label: delta < 0 ? 'Move up' : 'Move down',
      ...(edge ? { disabled: delta < 0 ? 'Already first' : 'Already last' } : {}),
      run: () => {
        onClose();
        const order = [...ids];
        [order[index], order[to]] = [order[to]!, order[index]!];
        api
          .invoke('profiles.reorder', { profileIds: order })
          .catch((err: unknown) => failed(`Could not move ${profile.name}`, err));
      },
    };
  };
  // A lone profile has nowhere to move: no two greyed entries for it.
  const items = ids.length > 1 ? [move(-1), move(1)] : [];
  if (!profile.isDemo) {
    items.push({
      key: 'profile-duplicate',
      separated: items.length === 0,
      label: 'Duplicate',
      run: () => {
        onClose();
        api
          .invoke('profiles.duplicate', { profileId: profile.id })
          .catch((err: unknown) => failed(`Could not duplicate ${profile.name}`, err));
      },
    });
  }
  return items;
}
