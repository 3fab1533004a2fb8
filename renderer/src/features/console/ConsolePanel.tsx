import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useConsoleInfo } from './ConsoleContext';
import { ConsoleStateBar } from './ConsoleStateBar';
import { panelDomId, tabDomId } from './ConsoleTabBar';

// xterm.js and noVNC load with the first console that needs them, not with the app.
const TerminalView = lazy(() =>
  import('./TerminalView').then((m) => ({ default: m.TerminalView })),
);
const VncView = lazy(() => import('./VncView').then((m) => ({ default: m.VncView })));

/** One console: its state bar and its terminal or screen. */
export function ConsolePanel({
  consoleId,
  active,
  popout = false,
}: {
  consoleId: string;
  active: boolean;
  /** In a pop-out window: no tab bar around it, no "Pop out". */
  popout?: boolean;
}) {
  const info = useConsoleInfo(consoleId);
  // The state bar's slot for the view's own tools (search, special keys…).
  const [tools, setTools] = useState<HTMLDivElement | null>(null);
  if (!info) return null;
  return (
    <div
      role={popout ? 'region' : 'tabpanel'}
      aria-label={popout ? info.title : undefined}
      id={panelDomId(consoleId)}
      aria-labelledby={popout ? undefined : tabDomId(consoleId)}
      data-testid="console-panel"
      data-console-id={consoleId}
      data-protocol={info.protocol}
      style={{
        flex: 1,
        minHeight: 0,
        display: active ? 'flex' : 'none',
        flexDirection: 'column',
      }}
    >
      <ConsoleStateBar info={info} popout={popout} toolsRef={setTools} />
      <div style={{ flex: 1, minHeight: 0, position: 'relative' }}>
        <Suspense
          fallback={
            <Center h="100%">
              <Loader size="sm" />
            </Center>
          }
        >
          {info.protocol === 'terminal' ? (
            <TerminalView info={info} active={active} tools={tools} />
          ) : (
            <VncView info={info} active={active} tools={tools} />
          )}
        </Suspense>
      </div>
    </div>
  );
}
