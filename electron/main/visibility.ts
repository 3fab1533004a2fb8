// The Electron side of adaptive polling: a window minimised or hidden tells core it is not seen,
// restored or shown that it is, focused that it wants fresh data now (core/rpc/visibility.ts).
// The page's own `visibilitychange` says the same through the contract; both are idempotent.

import { BrowserWindow, type WebContents } from 'electron';

/** Follow the window of `contents`; returns the function that stops following it. */
export function followWindowVisibility(
  contents: WebContents,
  tell: (args: { visible: boolean; focused?: boolean }) => void,
): () => void {
  const win = BrowserWindow.fromWebContents(contents);
  if (!win) return () => undefined;
  const hidden = (): void => tell({ visible: false });
  const shown = (): void => tell({ visible: true });
  // Back after a while in another window: fresh data now (a first focus, or a blink, is not news).
  let blurredAt: number | undefined;
  const blurred = (): void => void (blurredAt = performance.now());
  const focused = (): void => {
    const away = blurredAt === undefined ? 0 : performance.now() - blurredAt;
    blurredAt = undefined;
    if (away >= 3_000) tell({ visible: true, focused: true });
  };
  win.on('minimize', hidden);
  win.on('hide', hidden);
  win.on('restore', shown);
  win.on('show', shown);
  win.on('blur', blurred);
  win.on('focus', focused);
  return () => {
    if (win.isDestroyed()) return;
    win.off('minimize', hidden);
    win.off('hide', hidden);
    win.off('restore', shown);
    win.off('show', shown);
    win.off('blur', blurred);
    win.off('focus', focused);
  };
}
