// The two raw IPC channels behind the contract; shared by the preload and the main-process binding.
export const CALL_CHANNEL = 'deckhand:call';
export const EVENT_CHANNEL = 'deckhand:event';
