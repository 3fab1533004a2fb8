// The state of the renderer's link to Deckhand's backend (the main process or the browser host).

/**
 * connecting: not open yet (calls wait); open; lost: it was open and dropped (reconnecting);
 * refused: the host refused this page's token (it restarted with a new one): retrying cannot help.
 */
export type BackendLinkStatus = 'connecting' | 'open' | 'lost' | 'refused';

/** True when nothing the renderer shows is live: the link dropped or was refused. */
export function isLinkDown(status: BackendLinkStatus): boolean {
  return status === 'lost' || status === 'refused';
}

export interface BackendLinkState {
  status: BackendLinkStatus;
  /** Reconnect attempts since the link was lost (or since the first try, while connecting). */
  attempt: number;
  /** epoch ms of the next reconnect attempt while lost or connecting */
  retryAt?: number;
}

export interface BackendLink {
  getState(): BackendLinkState;
  subscribe(listener: () => void): () => void;
  /** Called after the link came back from 'lost': subscriptions must resync. */
  onReconnect(listener: () => void): () => void;
}

/** Electron's IPC cannot drop: a link that is always open. */
export const ALWAYS_OPEN_LINK: BackendLink = {
  getState: () => OPEN_STATE,
  subscribe: () => () => undefined,
  onReconnect: () => () => undefined,
};

const OPEN_STATE: BackendLinkState = { status: 'open', attempt: 0 };
