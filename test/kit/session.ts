// A ProfileSession logged in to a demo cluster as root@pam, pinned to its certificate: the one way
// session tests build one. The caller passes where events go and any timings it needs.

import type { ProfileSessionOptions, SessionListeners } from '../../electron/core';
import type { DemoCluster } from '../../electron/demo';
import type { ProfileInfo } from '../../shared/model';

/** The demo's profile as a user would have saved it. */
export function demoProfile(demo: DemoCluster): ProfileInfo {
  return {
    id: 'demo',
    name: 'Demo',
    url: demo.url,
    authMode: 'password',
    username: 'root',
    realm: 'pam',
    fingerprint: demo.fingerprint,
    isDemo: true,
  };
}

/** Options for a session to `demo`; events not listened to are dropped. */
export function demoSessionOptions(
  demo: DemoCluster,
  listeners: Partial<SessionListeners>,
  options: Partial<ProfileSessionOptions> = {},
): ProfileSessionOptions {
  return {
    profile: demoProfile(demo),
    credentials: {
      mode: 'password',
      username: 'root',
      realm: 'pam',
      password: demo.credentials.password,
    },
    listeners: {
      connection: listeners.connection ?? (() => undefined),
      resources: listeners.resources ?? (() => undefined),
      task: listeners.task ?? (() => undefined),
    },
    ...options,
  };
}
