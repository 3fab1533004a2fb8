// Tells core whether this window is seen: its page's visibility (minimised, another tab, screen
// locked) and its focus, so core polls slower while no window is visible and refreshes at once
// when one is shown or focused (core/rpc/visibility.ts).

import type { DeckhandApi } from '../../../shared/ipc';
import { toDisposable, type Disposable } from '../../../shared/lifecycle';

/** How long the window must have been out of focus for its focus to refresh at once. */
const FOCUS_REFRESH_AFTER_MS = 3_000;

/** Report this page's visibility now and on every change; `resend` reports it again (reconnect). */
export function followVisibility(api: DeckhandApi): Disposable & { resend(): void } {
  if (typeof document === 'undefined' || typeof window === 'undefined') {
    return Object.assign(
      toDisposable(() => undefined),
      { resend: () => undefined },
    );
  }
  const visible = () => document.visibilityState !== 'hidden';
  const send = (focused = false) =>
    api.notify('app.visibility', { visible: visible(), ...(focused ? { focused: true } : {}) });
  const onVisibility = () => send();
  // Back after a while in another window: fresh data now. A first focus, or a blink, is not news.
  let blurredAt: number | undefined;
  const onBlur = () => (blurredAt = performance.now());
  const onFocus = () => {
    const away = blurredAt === undefined ? 0 : performance.now() - blurredAt;
    blurredAt = undefined;
    if (away >= FOCUS_REFRESH_AFTER_MS) send(true);
  };
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('blur', onBlur);
  window.addEventListener('focus', onFocus);
  // Core counts a new window as visible: only a hidden start needs saying.
  if (!visible()) send();
  return Object.assign(
    toDisposable(() => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('focus', onFocus);
    }),
    { resend: () => send() },
  );
}
