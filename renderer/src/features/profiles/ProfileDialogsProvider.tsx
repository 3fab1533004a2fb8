import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { selectConnections } from '../../store/selectors';
import { useAppState, useProfile } from '../../store/hooks';
import { EditCredentialsModal } from './EditCredentialsModal';
import { RemoveProfileModal } from './RemoveProfileModal';
import { RenameProfileModal } from './RenameProfileModal';
import { ProfileSettingsModal } from './ProfileSettingsModal';
import { ReviewCertificateModal } from './ReviewCertificateModal';
import { TfaModal } from './TfaModal';
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

  // A login waiting for its second factor opens the code dialog by itself, once per time it
  // starts waiting (the state's `since`): closing it leaves the banner's "Enter code…" button.
  const connections = useAppState(selectConnections);
  const prompted = useRef(new Set<string>());
  useEffect(() => {
    if (request) return;
    for (const state of Object.values(connections)) {
      if (state.status !== 'offline' || state.errorKind !== 'tfa') continue;
      const key = `${state.profileId}|${state.since}`;
      if (prompted.current.has(key)) continue;
      prompted.current.add(key);
      setRequest({ kind: 'tfa', profileId: state.profileId });
      return;
    }
  }, [connections, request]);

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
      case 'settings':
        dialog = <ProfileSettingsModal key={key} profile={profile} onClose={close} />;
        break;
      case 'rename':
        dialog = <RenameProfileModal key={key} profile={profile} onClose={close} />;
        break;
      case 'remove':
        dialog = <RemoveProfileModal key={key} profile={profile} onClose={close} />;
        break;
      case 'tfa':
        dialog = <TfaModal key={key} profile={profile} onClose={close} />;
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
