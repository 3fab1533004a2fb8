// The profile, session and app calls: what this Deckhand is, the saved profiles, and each
// profile's connection.

import type {
  AppInfo,
  ConnectionState,
  ConnectionTestResult,
  ProbeResult,
  ProfileAuthInput,
  ProfileFlags,
  ProfileInfo,
  ProfileInput,
} from '../model';
import type { TfaAnswer } from '../tfa';

export interface ProfileCalls {
  'app.info': { args: void; result: AppInfo };
  'profiles.list': { args: void; result: ProfileInfo[] };
  /** Reach the URL, read its certificate and (when trusted or `fingerprint` matches) its realms. */
  'profiles.probe': { args: { url: string; fingerprint?: string }; result: ProbeResult };
  /** Log in with the given input without saving anything. */
  'profiles.test': { args: ProfileInput; result: ConnectionTestResult };
  /** Save a profile (secrets go to the secret store, never back) and connect it. */
  'profiles.add': { args: ProfileInput; result: ProfileInfo };
  /**
   * Change a saved profile: rename it, re-approve its certificate, or replace its credentials.
   * A new `fingerprint` is accepted only when it equals the certificate the server presents now;
   * new `auth` is accepted only after a successful login with it. Nothing changes when either
   * check fails. The session restarts when the fingerprint or the credentials changed.
   */
  'profiles.update': {
    args: {
      profileId: string;
      name?: string;
      fingerprint?: string;
      auth?: ProfileAuthInput;
    } & ProfileFlags;
    result: ProfileInfo;
  };
  'profiles.remove': { args: { profileId: string }; result: void };
  /** Start the built-in demo cluster in-process and add (or reconnect) its profile. */
  'profiles.addDemo': { args: void; result: ProfileInfo };
  /** Reconnect a profile now (after offline, or to retry after fixing credentials). */
  'session.reconnect': { args: { profileId: string }; result: void };
  'session.state': { args: { profileId: string }; result: ConnectionState };
  /**
   * Answer the second factor a profile's login waits for (state errorKind 'tfa'); the code is
   * sent to the server once and kept nowhere. A refused code rejects with kind 'tfa'.
   */
  'session.answerTfa': { args: { profileId: string } & TfaAnswer; result: void };
}

export const PROFILE_CALL_NAMES = [
  'app.info',
  'profiles.list',
  'profiles.probe',
  'profiles.test',
  'profiles.add',
  'profiles.update',
  'profiles.remove',
  'profiles.addDemo',
  'session.reconnect',
  'session.state',
  'session.answerTfa',
] as const satisfies readonly (keyof ProfileCalls)[];
