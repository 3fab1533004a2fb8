// The app's own notifications: whether a window is seen (its page's visibility, focus), so core
// polls slower while no window is visible and at once when one is shown or focused; and the
// window's first frame (shared/first-frame.ts), saved for the next start.

import type { FirstFrame } from '../first-frame';

export interface AppCalls {
  /** The top of the tree as the window painted it, for the next start's first frame. */
  'app.saveFirstFrame': { args: { frame: FirstFrame }; result: void };
}

export const APP_CALL_NAMES = ['app.saveFirstFrame'] as const satisfies readonly (keyof AppCalls)[];

export interface AppNotifications {
  /**
   * The window's page became visible or hidden (minimised, another tab, screen locked); `focused`
   * when it just got the focus (core refreshes every profile at once then).
   */
  'app.visibility': { visible: boolean; focused?: boolean };
}

export const APP_NOTIFICATION_NAMES = [
  'app.visibility',
] as const satisfies readonly (keyof AppNotifications)[];
