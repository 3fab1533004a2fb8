import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './app.css';
import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import type { BackendLink } from '../bridge/backendLink';
import { ProfileDialogsProvider } from '../features/profiles/ProfileDialogsProvider';
import type { AppController } from '../store/controller';
import { ControllerContext } from './AppContext';
import { Shell } from './Shell';

const theme = createTheme({
  primaryColor: 'blue',
  defaultRadius: 'sm',
  fontSizes: { xs: '11px', sm: '13px', md: '14px', lg: '16px', xl: '18px' },
  spacing: { xs: '6px', sm: '8px', md: '12px', lg: '16px', xl: '24px' },
});

export function App({ controller, link }: { controller: AppController; link: BackendLink }) {
  useEffect(() => controller.start(), [controller]);
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="bottom-right" limit={5} />
      <ControllerContext.Provider value={controller}>
        <ProfileDialogsProvider>
          <Shell link={link} />
        </ProfileDialogsProvider>
      </ControllerContext.Provider>
    </MantineProvider>
  );
}
