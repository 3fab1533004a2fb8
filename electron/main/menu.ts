// The application menu: Electron's usual menus, and Help → Open Log Folder, which shows the folder
// of the application log (to attach to a bug report) in the system's file manager.

import { Menu, shell, type MenuItemConstructorOptions } from 'electron';
import type { Logger } from '../core/ui-thread';

export function installAppMenu(options: { logDir: string; log: Logger }): void {
  const openLogFolder = async (): Promise<void> => {
    const error = await shell.openPath(options.logDir);
    if (error) options.log('warn', `Could not open the log folder ${options.logDir}: ${error}`);
  };
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { id: 'open-log-folder', label: 'Open Log Folder', click: () => void openLogFolder() },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
