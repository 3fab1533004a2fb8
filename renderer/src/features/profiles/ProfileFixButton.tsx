import { Button, type ButtonProps } from '@mantine/core';
import type { ConnectionState, ProfileInfo } from '../../../../shared/model';
import { useProfileDialogs } from './profileDialogs';

/**
 * The fix for an offline profile that retrying cannot help: review a changed certificate, or
 * enter credentials again. Nothing for other states.
 */
export function ProfileFixButton({
  profile,
  connection,
  size,
}: {
  profile: ProfileInfo;
  connection: ConnectionState | undefined;
  size?: ButtonProps['size'];
}) {
  const dialogs = useProfileDialogs();
  if (connection?.status !== 'offline') return null;
  if (connection.errorKind === 'tls') {
    return (
      <Button size={size} color="red" onClick={() => dialogs.open('certificate', profile.id)}>
        Review certificate…
      </Button>
    );
  }
  if (connection.errorKind === 'tfa') {
    return (
      <Button
        size={size}
        variant="default"
        onClick={() => dialogs.open('tfa', profile.id)}
        data-testid="tfa-open"
      >
        Enter code…
      </Button>
    );
  }
  if (connection.errorKind === 'auth') {
    return (
      // Entering credentials again destroys nothing: a neutral button, not a red one.
      <Button size={size} variant="default" onClick={() => dialogs.open('credentials', profile.id)}>
        Update credentials…
      </Button>
    );
  }
  return null;
}
