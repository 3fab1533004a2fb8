// On a weak keyring backend (Linux basic_text, the browser host's key file) the user chooses:
// keep passwords and tokens for this session only (the default), or store them anyway, warned.

import { Checkbox } from '@mantine/core';
import { useState } from 'react';
import type { AppInfo } from '../../../../shared/model';
import { useController } from '../../store/hooks';
import { publishAppInfo } from '../../store/useAppInfo';
import { describeError } from '../../ui/describeError';
import { weakStoreWarning } from './secretsNote';

export function WeakSecretChoice({ info }: { info: AppInfo | undefined }) {
  const { api } = useController();
  // The box shows the user's click at once, while the choice is being saved.
  const [pending, setPending] = useState<boolean>();
  const [error, setError] = useState<string>();
  const store = info?.secretStore;
  if (!info || !store?.weakBackend) return null;
  const choose = async (checked: boolean) => {
    setPending(checked);
    setError(undefined);
    try {
      // Every note on secrets follows (useAppInfo's subscribers).
      publishAppInfo(
        await api.invoke('secrets.setWeakPolicy', { policy: checked ? 'store' : 'session' }),
      );
    } catch (err) {
      setError(describeError(err));
    } finally {
      setPending(undefined);
    }
  };
  return (
    <Checkbox
      size="xs"
      checked={pending ?? store.weakPolicy === 'store'}
      disabled={pending !== undefined}
      onChange={(e) => void choose(e.currentTarget.checked)}
      label="Store passwords and tokens on disk anyway"
      description={weakStoreWarning(info.host)}
      error={error}
      data-testid="weak-secret-choice"
      styles={{ description: { maxWidth: 460 } }}
    />
  );
}
