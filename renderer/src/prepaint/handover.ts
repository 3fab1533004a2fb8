// The app's side of the first frame (paint.ts): it is removed once the app's own tree has painted,
// or when the app shows anything else instead (the Welcome screen, an error), so it never lingers.

import { FIRST_FRAME_DATA_ID } from '../../../shared/first-frame';
import { FIRST_FRAME_ID } from './paint';

/** Is a first frame on screen? */
export function hasFirstFrame(doc: Document = document): boolean {
  return doc.getElementById(FIRST_FRAME_ID) !== null;
}

/** Remove the first frame (and its data) now; nothing when there is none. */
export function releaseFirstFrame(doc: Document = document): void {
  doc.getElementById(FIRST_FRAME_ID)?.remove();
  doc.getElementById(FIRST_FRAME_DATA_ID)?.remove();
}

/**
 * Remove the first frame once what the app has just committed is on screen: after the next
 * frame, so the app's tree is painted beneath before the frame goes (no blank frame between).
 */
export function releaseFirstFrameAfterPaint(doc: Document = document): void {
  if (!hasFirstFrame(doc)) return;
  const view = doc.defaultView;
  if (!view) return releaseFirstFrame(doc);
  view.requestAnimationFrame(() => view.requestAnimationFrame(() => releaseFirstFrame(doc)));
}
