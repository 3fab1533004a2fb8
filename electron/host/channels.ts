// The raw Electron IPC channels behind the contract, shared by the preload and the main-process
// binding (the preload is bundled on its own for the sandbox: constants only here).
export const CALL_CHANNEL = 'deckhand:call';
export const EVENT_CHANNEL = 'deckhand:event';
/** renderer → main: (name, args) of a notification; fire and forget. */
export const NOTIFY_CHANNEL = 'deckhand:notify';
/** main → renderer: (streamId, bytes) of a stream the window owns. */
export const STREAM_CHANNEL = 'deckhand:stream';
/** renderer → main: (streamId, bytes) into a stream; fire and forget. */
export const WRITE_CHANNEL = 'deckhand:write';
