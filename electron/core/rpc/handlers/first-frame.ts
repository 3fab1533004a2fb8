// The window's first frame (shared/first-frame.ts): a window saves the top of its tree for the
// next start; core keeps it beside the profile cache (none without a cache: nothing is kept).

import type { CallHandlers } from '../../../../shared/ipc';
import type { FirstFrameStore } from '../../first-frame/first-frame-store';

export function firstFrameHandlers(
  store: FirstFrameStore | undefined,
): Pick<CallHandlers, 'app.saveFirstFrame'> {
  return {
    'app.saveFirstFrame': async ({ frame }) => {
      await store?.save(frame);
    },
  };
}
