// The desktop workspace: resource tree | detail and consoles | log panel, the tasks strip below.
// Split panes from react-resizable-panels: every divider drags (and moves with the arrow keys
// once focused; Enter collapses or restores the pane beside it), sizes are remembered in pixels
// (paneSizes.ts), and the tree, log panel and tasks strip collapse by button or shortcut (layout.ts).

import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import {
  Group,
  Panel,
  Separator,
  usePanelRef,
  type PanelImperativeHandle,
  type PanelSize,
} from 'react-resizable-panels';
import {
  bindWorkspace,
  isPaneOpen,
  paneForShortcut,
  reportPaneOpen,
  setPaneOpen,
  togglePane,
  usePaneOpen,
  type PaneId,
} from './layout';
import {
  firstRunSizes,
  loadPaneSizes,
  savePaneSizes,
  workspaceStorage,
  type PaneSizes,
} from './paneSizes';
import './workspace.css';

const fill: React.CSSProperties = {
  height: '100%',
  display: 'flex',
  flexDirection: 'column',
  minWidth: 0,
  minHeight: 0,
};

export interface WorkspaceProps {
  tree: ReactNode;
  center: ReactNode;
  logs: ReactNode;
  tasks: ReactNode;
}

export function Workspace({ tree, center, logs, tasks }: WorkspaceProps) {
  const storage = useMemo(workspaceStorage, []);
  // Read once: a later window resize must not re-default anything.
  const initial = useMemo(
    () => ({ ...firstRunSizes(window.innerWidth), ...loadPaneSizes(storage) }),
    [storage],
  );
  const sizes = useRef<Required<PaneSizes>>(initial);
  const defaultSize = (pane: PaneId) => (initial[pane].open ? initial[pane].size : 0);

  const treeRef = usePanelRef();
  const logsRef = usePanelRef();
  const tasksRef = usePanelRef();

  useEffect(() => {
    const refs: Record<PaneId, React.RefObject<PanelImperativeHandle | null>> = {
      tree: treeRef,
      logs: logsRef,
      tasks: tasksRef,
    };
    for (const pane of Object.keys(refs) as PaneId[]) {
      const handle = refs[pane].current;
      if (handle) reportPaneOpen(pane, !handle.isCollapsed());
    }
    const binding = bindWorkspace({
      setOpen(pane, open) {
        const handle = refs[pane].current;
        if (!handle) return;
        if (!open) {
          handle.collapse();
          return;
        }
        if (!handle.isCollapsed()) return;
        handle.expand();
        // After a reload the library does not know the size the pane was left at; we do.
        const wanted = sizes.current[pane].size;
        if (Math.abs(handle.getSize().inPixels - wanted) > 1) handle.resize(wanted);
      },
    });
    const onKey = (e: KeyboardEvent) => {
      const pane = paneForShortcut(e);
      if (!pane) return;
      // Before a terminal or VNC screen sees it: these keys belong to the workspace.
      e.preventDefault();
      e.stopPropagation();
      if (!e.repeat) togglePane(pane);
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      binding.dispose();
    };
  }, [treeRef, logsRef, tasksRef]);

  // Each pane reports its size once the browser has laid it out (a ResizeObserver): what is saved
  // is what the user sees, whatever moved it (a drag, a key, a toggle, a clamp on a smaller window).
  const onResize = (pane: PaneId) => (size: PanelSize) => {
    const px = Math.round(size.inPixels);
    const was = sizes.current[pane];
    const now = px > 0 ? { size: px, open: true } : { size: was.size, open: false };
    reportPaneOpen(pane, now.open);
    if (now.size === was.size && now.open === was.open) return;
    sizes.current = { ...sizes.current, [pane]: now };
    savePaneSizes(storage, sizes.current);
  };

  // A collapsed log panel or tasks strip is out of the Tab order; focus reaching the collapsed
  // tree (Ctrl+F or `/` into its filter, say) opens it.
  const logsOpen = usePaneOpen('logs');
  const tasksOpen = usePaneOpen('tasks');
  const revealOnFocus = (pane: PaneId) => () => {
    if (!isPaneOpen(pane)) setPaneOpen(pane, true);
  };

  return (
    <Group orientation="vertical" style={{ flex: 1, minHeight: 0 }}>
      <Panel id="main" minSize={200}>
        <Group orientation="horizontal" style={{ height: '100%' }}>
          <Panel
            id="tree"
            panelRef={treeRef}
            collapsible
            minSize={200}
            maxSize="45%"
            defaultSize={defaultSize('tree')}
            groupResizeBehavior="preserve-pixel-size"
            onResize={onResize('tree')}
          >
            <div style={fill} data-testid="tree-pane" onFocus={revealOnFocus('tree')}>
              {tree}
            </div>
          </Panel>
          <Separator className="ws-separator" aria-label="Resize the resource tree" />
          <Panel id="center" minSize={360}>
            <main style={fill} data-testid="center-pane">
              {center}
            </main>
          </Panel>
          <Separator className="ws-separator" aria-label="Resize the log panel" />
          <Panel
            id="logs"
            panelRef={logsRef}
            collapsible
            minSize={280}
            maxSize="60%"
            defaultSize={defaultSize('logs')}
            groupResizeBehavior="preserve-pixel-size"
            onResize={onResize('logs')}
          >
            <aside style={fill} data-testid="log-pane" aria-label="Logs" inert={!logsOpen}>
              {logs}
            </aside>
          </Panel>
        </Group>
      </Panel>
      <Separator className="ws-separator" aria-label="Resize the tasks strip" />
      <Panel
        id="tasks"
        panelRef={tasksRef}
        collapsible
        minSize={64}
        maxSize="50%"
        defaultSize={defaultSize('tasks')}
        groupResizeBehavior="preserve-pixel-size"
        onResize={onResize('tasks')}
      >
        <div style={fill} inert={!tasksOpen}>
          {tasks}
        </div>
      </Panel>
    </Group>
  );
}
