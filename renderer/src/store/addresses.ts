// The address index of every profile, as core sends it: a snapshot per profile, then the
// 'addresses' events with only what changed (a gap in their seq asks for a fresh snapshot). The
// tree filter searches it; the guest detail shows one entry.

import type {
  AddressEvent,
  AddressSnapshot,
  GuestAddresses,
  NodeAddress,
} from '../../../shared/addresses';
import type { DeckhandApi } from '../../../shared/ipc';
import { DisposableStore, toDisposable, type Disposable } from '../../../shared/lifecycle';
import type { AppState } from './appState';
import type { Store } from './createStore';

export interface ProfileAddresses {
  seq: number;
  byGuest: ReadonlyMap<string, GuestAddresses>;
  nodes: readonly NodeAddress[];
}

export type AddressesState = Readonly<Record<string, ProfileAddresses>>;

function withProfile(
  state: AppState,
  profileId: string,
  next: ProfileAddresses | undefined,
): AppState {
  const addresses = { ...state.addresses };
  if (next) addresses[profileId] = next;
  else delete addresses[profileId];
  return { ...state, addresses };
}

export function applyAddressSnapshot(
  state: AppState,
  profileId: string,
  snap: AddressSnapshot,
): AppState {
  return withProfile(state, profileId, {
    seq: snap.seq,
    byGuest: new Map(snap.guests.map((g) => [g.guestId, g])),
    nodes: snap.nodes,
  });
}

/**
 * Apply an event; `gap` when it does not follow what the store holds (load a snapshot then): a
 * missed event, or a new session whose count started again.
 */
export function applyAddressEvent(
  state: AppState,
  event: AddressEvent,
): { state: AppState; gap: boolean } {
  const current = state.addresses[event.profileId];
  if (!current || event.seq !== current.seq + 1) {
    return { state, gap: true };
  }
  const byGuest = new Map(current.byGuest);
  for (const id of event.removed) byGuest.delete(id);
  for (const g of event.guests) byGuest.set(g.guestId, g);
  return {
    state: withProfile(state, event.profileId, {
      seq: event.seq,
      byGuest,
      nodes: event.nodes ?? current.nodes,
    }),
    gap: false,
  };
}

/** Load one profile's snapshot (at start, for a new profile, after a gap). */
export async function loadAddresses(
  api: DeckhandApi,
  store: Store<AppState>,
  profileId: string,
): Promise<void> {
  try {
    const snap = await api.invoke('addresses.snapshot', { profileId });
    store.setState(
      (s) =>
        s.profiles?.some((p) => p.id === profileId) ? applyAddressSnapshot(s, profileId, snap) : s,
      'soon',
    );
  } catch {
    // No session yet (or offline): the profile's next events or a reload bring them.
  }
}

/** Follow the 'addresses' events until disposed; drop the index of profiles that are gone. */
export function followAddresses(api: DeckhandApi, store: Store<AppState>): Disposable {
  const subs = new DisposableStore('addresses');
  const loading = new Set<string>();
  const resync = (profileId: string) => {
    if (loading.has(profileId)) return;
    loading.add(profileId);
    void loadAddresses(api, store, profileId).finally(() => loading.delete(profileId));
  };
  subs.add(
    api.on('addresses', (event) => {
      let gap = false;
      store.setState((s) => {
        const r = applyAddressEvent(s, event);
        gap = r.gap;
        return r.state;
      }, 'soon');
      if (gap) resync(event.profileId);
    }),
  );
  let profiles = store.getState().profiles;
  const unsubscribe = store.subscribe(() => {
    const s = store.getState();
    if (s.profiles === profiles) return;
    profiles = s.profiles;
    const ids = new Set((profiles ?? []).map((p) => p.id));
    const gone = Object.keys(s.addresses).filter((id) => !ids.has(id));
    if (gone.length > 0) {
      store.setState((st) => gone.reduce((acc, id) => withProfile(acc, id, undefined), st));
    }
  });
  subs.add(toDisposable(unsubscribe));
  return subs;
}
