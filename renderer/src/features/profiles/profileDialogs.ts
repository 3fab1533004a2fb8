// Which profile dialog is open. The banner, the detail pane's menu and the dialogs themselves meet
// here, so any of them can open a dialog for any profile.

import { createContext, useContext } from 'react';

export type ProfileDialogKind =
  'settings' | 'certificate' | 'credentials' | 'rename' | 'remove' | 'tfa';

export interface ProfileDialogRequest {
  kind: ProfileDialogKind;
  profileId: string;
}

export interface ProfileDialogs {
  open(kind: ProfileDialogKind, profileId: string): void;
}

export const ProfileDialogsContext = createContext<ProfileDialogs | null>(null);

export function useProfileDialogs(): ProfileDialogs {
  const dialogs = useContext(ProfileDialogsContext);
  if (!dialogs) throw new Error('useProfileDialogs outside <ProfileDialogsProvider>');
  return dialogs;
}
