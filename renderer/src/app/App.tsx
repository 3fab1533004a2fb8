import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { useEffect, type ReactNode } from 'react';
import type { LogSourceSpec } from '../../../shared/logs';
import type { BackendLink } from '../bridge/backendLink';
import type { ConsoleController } from '../features/console/consoleController';
import { ConsolesProvider } from '../features/console/ConsoleContext';
import { followTreeSelection } from '../features/console/followSelection';
import { PopoutConsole } from '../features/console/PopoutConsole';
import type { LogController } from '../features/logs/logController';
import { PopoutLog } from '../features/logs/PopoutLog';
import { ProfileDialogsProvider } from '../features/profiles/ProfileDialogsProvider';
import type { AppController } from '../store/controller';
import { ControllerContext } from '../store/hooks';
import { Shell } from './Shell';

const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'sm',
  fontSizes: { xs: '11px', sm: '13px', md: '14px', lg: '16px', xl: '18px' },
  spacing: { xs: '6px', sm: '8px', md: '12px', lg: '16px', xl: '24px' },
});

function Providers({
  controller,
  consoles,
  children,
}: {
  controller: AppController;
  consoles: ConsoleController;
  children: ReactNode;
}) {
  useEffect(() => {
    const started = controller.start();
    return () => void started.dispose();
  }, [controller]);
  useEffect(() => {
    const started = consoles.start();
    return () => void started.dispose();
  }, [consoles]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="bottom-right" limit={5} />
      <ControllerContext.Provider value={controller}>
        <ConsolesProvider consoles={consoles}>{children}</ConsolesProvider>
      </ControllerContext.Provider>
    </MantineProvider>
  );
}

export function App({
  controller,
  consoles,
  link,
}: {
  controller: AppController;
  consoles: ConsoleController;
  link: BackendLink;
}) {
  useEffect(() => {
    const following = followTreeSelection(controller.store, consoles);
    return () => void following.dispose();
  }, [controller, consoles]);
  return (
    <Providers controller={controller} consoles={consoles}>
      <ProfileDialogsProvider>
        <Shell link={link} />
      </ProfileDialogsProvider>
    </Providers>
  );
}

/** A pop-out window (`#console=<id>`): one console, no tree. */
export function PopoutApp({
  controller,
  consoles,
  consoleId,
}: {
  controller: AppController;
  consoles: ConsoleController;
  consoleId: string;
}) {
  return (
    <Providers controller={controller} consoles={consoles}>
      <PopoutConsole consoleId={consoleId} />
    </Providers>
  );
}

/** A pop-out log window (`#log=<spec>`): one log stream of its own, no tree. */
export function PopoutLogApp({
  controller,
  consoles,
  logs,
  spec,
}: {
  controller: AppController;
  consoles: ConsoleController;
  logs: LogController;
  spec: LogSourceSpec;
}) {
  return (
    <Providers controller={controller} consoles={consoles}>
      <PopoutLog controller={logs} spec={spec} />
    </Providers>
  );
}
