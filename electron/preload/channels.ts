// The two raw IPC channels behind the contract; shared by the preload and the main-process binding.
export const CALL_CHANNEL = 'deckhand:call';
export const EVENT_CHANNEL = 'deckhand:event';
/** main → renderer: (streamId, bytes) of a stream the window owns. */
export const STREAM_CHANNEL = 'deckhand:stream';
/** renderer → main: (streamId, bytes) into a stream; fire and forget. */
export const WRITE_CHANNEL = 'deckhand:write';
