// The app's own call: what this Deckhand is and where it keeps secrets.

import type { CallHandlers } from '../../../../shared/ipc';
import type { SecretStore } from '../../store/ports';

export interface AppHandlerDeps {
  appVersion: string;
  host: 'electron' | 'browser';
  secrets: SecretStore;
}

export function appHandlers(deps: AppHandlerDeps): Pick<CallHandlers, 'app.info'> {
  return {
    'app.info': async () => ({
      version: deps.appVersion,
      host: deps.host,
      platform: process.platform,
      secrets: await deps.secrets.persistence(),
    }),
  };
}
