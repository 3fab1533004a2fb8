// The app's own calls: what this Deckhand is, where it keeps secrets, and the user's choices about
// that (a weak keyring backend, a saved-secrets file that could not be read).

import type { CallHandlers } from '../../../../shared/ipc';
import type { AppInfo } from '../../../../shared/model';
import type { SecretStore } from '../../store/ports';

export interface AppHandlerDeps {
  appVersion: string;
  host: 'electron' | 'browser';
  secrets: SecretStore;
}

type AppCalls = 'app.info' | 'secrets.setWeakPolicy' | 'secrets.dismissProblem';

export function appHandlers(deps: AppHandlerDeps): Pick<CallHandlers, AppCalls> {
  const info = async (): Promise<AppInfo> => {
    const detail = await deps.secrets.info?.();
    return {
      version: deps.appVersion,
      host: deps.host,
      platform: process.platform,
      secrets: await deps.secrets.persistence(),
      ...(detail && Object.keys(detail).length > 0 ? { secretStore: detail } : {}),
    };
  };
  return {
    'app.info': info,
    'secrets.setWeakPolicy': async ({ policy }) => {
      await deps.secrets.setWeakPolicy?.(policy);
      return info();
    },
    'secrets.dismissProblem': async () => {
      deps.secrets.dismissProblem?.();
      return info();
    },
  };
}
