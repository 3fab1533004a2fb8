// The letters that run a row menu's power actions while it is open (shown at each item's right),
// the same in the guest, node and profile menus.

import type { PowerAction } from '../../../../shared/model';

export const MENU_KEYS: Record<PowerAction, string> = {
  start: 'S',
  shutdown: 'D',
  stop: 'T',
  reboot: 'R',
  suspend: 'U',
  resume: 'E',
  reset: 'X',
};
