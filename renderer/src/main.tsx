// The page's entry. When the first frame (src/prepaint) is on screen, the app's bundle (boot.tsx,
// its own chunk) is evaluated only after that frame has painted: evaluating it is a long task,
// and until it ends the browser could not show the frame. Without one it starts at once.

// The page's only stylesheet is Mantine's variables (27 KB: the first frame's tag colours, inlined
// into index.html by the build); the app's styles come with its chunk, loaded before it runs, and
// do not hold up the first paint.
import '@mantine/core/styles/default-css-variables.css';
import { systemScheduler } from '../../shared/lifecycle';
import { hasFirstFrame, releaseFirstFrame } from './prepaint/handover';

const boot = () =>
  void import('./boot').catch((err: unknown) => {
    // No app is coming: the frame must not stay up as if it were.
    releaseFirstFrame();
    throw err;
  });
if (hasFirstFrame()) afterFirstPaint(boot);
else boot();

/**
 * `then` once the page's first paint (the frame) is on screen, told by Chromium's paint timing;
 * where that never comes (no paint timing, a hidden window), after two frames or 200 ms.
 */
function afterFirstPaint(then: () => void): void {
  let done = false;
  let observer: PerformanceObserver | undefined;
  const once = () => {
    if (done) return;
    done = true;
    observer?.disconnect();
    then();
  };
  try {
    observer = new PerformanceObserver((list) => {
      // A task after the paint's callback: the frame is presented, the bundle may run.
      if (list.getEntries().some((e) => e.name === 'first-contentful-paint')) {
        systemScheduler.setTimeout(once, 0);
      }
    });
    observer.observe({ type: 'paint', buffered: true });
  } catch {
    window.requestAnimationFrame(() => window.requestAnimationFrame(once));
  }
  systemScheduler.setTimeout(once, 200);
}
