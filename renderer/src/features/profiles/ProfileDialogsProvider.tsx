import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { useProfile } from '../../store/hooks';
import { EditCredentialsModal } from './EditCredentialsModal';
import { RemoveProfileModal } from './RemoveProfileModal';
import { RenameProfileModal } from './RenameProfileModal';
import { ReviewCertificateModal } from './ReviewCertificateModal';
import {
  ProfileDialogsContext,
  type ProfileDialogKind,
  type ProfileDialogRequest,
  type ProfileDialogs,
} from './profileDialogs';

/** Holds the one open profile dialog (if any) and renders it above its children. */
export function ProfileDialogsProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<ProfileDialogRequest | null>(null);
  const dialogs = useMemo<ProfileDialogs>(
    () => ({
      open: (kind: ProfileDialogKind, profileId: string) => setRequest({ kind, profileId }),
    }),
    [],
  );
  const profileId = request?.profileId;
  const profile = useProfile(profileId);
  const close = useCallback(() => setRequest(null), []);

  let dialog: ReactNode = null;
  // A profile removed meanwhile (by another window) simply closes its dialog.
  if (request && profile) {
    const key = `${request.kind}|${profile.id}`;
    switch (request.kind) {
      case 'certificate':
        dialog = <ReviewCertificateModal key={key} profile={profile} onClose={close} />;
        break;
      case 'credentials':
        dialog = <EditCredentialsModal key={key} profile={profile} onClose={close} />;
        break;
      case 'rename':
        dialog = <RenameProfileModal key={key} profile={profile} onClose={close} />;
        break;
      case 'remove':
        dialog = <RemoveProfileModal key={key} profile={profile} onClose={close} />;
        break;
    }
  }

  return (
    <ProfileDialogsContext.Provider value={dialogs}>
      {children}
      {dialog}
    </ProfileDialogsContext.Provider>
  );
}
