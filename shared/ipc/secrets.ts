// The secret store's calls: the user's choice on a weak keyring backend, and dismissing the
// report of a saved-secrets file that could not be read. Neither carries a secret.

import type { AppInfo, WeakSecretPolicy } from '../model';

export interface SecretsCalls {
  /** Keep secrets for this session only, or store them anyway on a weak backend; app.info after. */
  'secrets.setWeakPolicy': { args: { policy: WeakSecretPolicy }; result: AppInfo };
  /** The user has read the corrupt-file report: app.info stops carrying it. */
  'secrets.dismissProblem': { args: void; result: AppInfo };
}

export const SECRETS_CALL_NAMES = [
  'secrets.setWeakPolicy',
  'secrets.dismissProblem',
] as const satisfies readonly (keyof SecretsCalls)[];
