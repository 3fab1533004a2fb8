// The state of the renderer's link to Deckhand's backend (the main process or the browser host).

export type BackendLinkStatus = 'connecting' | 'open' | 'lost';

export interface BackendLinkState {
  status: BackendLinkStatus;
  /** Reconnect attempts since the link was lost. */
  attempt: number;
  /** epoch ms of the next reconnect attempt while lost */
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
