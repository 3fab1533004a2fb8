// Which Create wizard is open in this window: asked for from a node's context menu, the node
// detail header or the window's toolbar, with the profile, the node (when known) and the type.

import { useSyncExternalStore } from 'react';
import type { GuestType } from '../../../../shared/model';

export interface CreateRequest {
  profileId: string;
  node?: string;
  type: GuestType;
  /** bumps on every open, so the wizard starts afresh */
  seq: number;
}

let current: CreateRequest | null = null;
let seq = 0;
const listeners = new Set<() => void>();

function set(next: CreateRequest | null): void {
  current = next;
  for (const l of listeners) l();
}

export const createWizard = {
  open(profileId: string, type: GuestType, node?: string): void {
    set({ profileId, type, seq: ++seq, ...(node ? { node } : {}) });
  },
  close(): void {
    set(null);
  },
};

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

export function useCreateRequest(): CreateRequest | null {
  return useSyncExternalStore(subscribe, () => current);
}
