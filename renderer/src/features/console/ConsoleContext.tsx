import { createContext, useCallback, useContext, type ReactNode } from 'react';
import type { ConsoleInfo } from '../../../../shared/model';
import { useStoreSelector } from '../../store/createStore';
import type { ConsoleController } from './consoleController';
import type { ConsoleTabsState } from './consoleTabs';

const ConsoleControllerContext = createContext<ConsoleController | null>(null);

export function ConsolesProvider({
  consoles,
  children,
}: {
  consoles: ConsoleController;
  children: ReactNode;
}) {
  return (
    <ConsoleControllerContext.Provider value={consoles}>
      {children}
    </ConsoleControllerContext.Provider>
  );
}

export function useConsoles(): ConsoleController {
  const consoles = useContext(ConsoleControllerContext);
  if (!consoles) throw new Error('useConsoles outside <ConsolesProvider>');
  return consoles;
}

/** Select from the console tabs; the selector must be stable (module level or memoised). */
export function useConsoleTabs<T>(selector: (s: ConsoleTabsState) => T): T {
  return useStoreSelector(useConsoles().store, selector);
}

/** One console's latest info; undefined once its tab is gone. */
export function useConsoleInfo(consoleId: string): ConsoleInfo | undefined {
  const selector = useCallback(
    (s: ConsoleTabsState) => s.tabs.find((t) => t.consoleId === consoleId),
    [consoleId],
  );
  return useConsoleTabs(selector);
}

export const selectTabs = (s: ConsoleTabsState) => s.tabs;
export const selectActive = (s: ConsoleTabsState) => s.active;
