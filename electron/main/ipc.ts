// The Electron binding of the IPC contract, and the only place that uses ipcMain. Every message is
// checked: it must come from the main frame of one of our windows showing one of our own pages,
// and name a call of the contract. Results and errors cross as Envelopes. Each window is one
// client of core: console events and stream bytes go to the window that owns the console, and a
// window's consoles close when it closes or reloads.

import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { EVENT_NAMES, STREAM_ID_RE, type Envelope } from '../../shared/ipc';
import { CALL_CHANNEL, EVENT_CHANNEL, STREAM_CHANNEL, WRITE_CHANNEL } from '../preload/channels';
import { dispatchCall, type ClientConnection, type ContractCore } from '../serve/contract';

export interface ContractBindingOptions {
  core: ContractCore;
  /** Is this web contents one of our application windows (main or popped-out console)? */
  isOurWindow(contents: WebContents): boolean;
  isAppUrl(url: string): boolean;
}

/** Bind the contract; returns a function that unbinds it. */
export function bindContract(options: ContractBindingOptions): () => void {
  const { core } = options;
  const clients = new Map<WebContents, ClientConnection>();

  const isTrustedSender = (event: IpcMainInvokeEvent | IpcMainEvent): boolean => {
    const contents = event.sender;
    const frame = event.senderFrame;
    return (
      !contents.isDestroyed() &&
      options.isOurWindow(contents) &&
      frame !== null &&
      frame === contents.mainFrame &&
      options.isAppUrl(frame.url)
    );
  };

  const dropClient = (contents: WebContents): void => {
    const client = clients.get(contents);
    if (!client) return;
    clients.delete(contents);
    client.close();
  };

  const clientOf = (contents: WebContents): ClientConnection => {
    const existing = clients.get(contents);
    if (existing) return existing;
    const send = (channel: string, ...args: unknown[]): void => {
      if (!contents.isDestroyed()) contents.send(channel, ...args);
    };
    const client = core.connectClient({
      event: (name, payload) => send(EVENT_CHANNEL, name, payload),
      // Structured clone sends a view's whole backing buffer: a keystroke's echo sliced from
      // Node's 8 KiB pool would cross as 8 KiB. Send exactly the bytes.
      stream: (streamId, data) =>
        send(
          STREAM_CHANNEL,
          streamId,
          data.byteOffset === 0 && data.byteLength === data.buffer.byteLength
            ? data
            : new Uint8Array(data),
        ),
    });
    clients.set(contents, client);
    contents.once('destroyed', () => dropClient(contents));
    // A reload starts a new page that owns nothing yet.
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) dropClient(contents);
    });
    return client;
  };

  ipcMain.handle(
    CALL_CHANNEL,
    async (event: IpcMainInvokeEvent, name: unknown, args: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { kind: 'permission', message: 'Refused: unknown sender' } };
      }
      const client = clientOf(event.sender);
      return dispatchCall(core.handlers, name, args, { clientId: client.clientId });
    },
  );

  const onWrite = (event: IpcMainEvent, streamId: unknown, data: unknown): void => {
    if (!isTrustedSender(event)) return;
    if (typeof streamId !== 'string' || !STREAM_ID_RE.test(streamId)) return;
    if (!(data instanceof Uint8Array)) return;
    clientOf(event.sender).write(streamId, data);
  };
  ipcMain.on(WRITE_CHANNEL, onWrite);

  const unsubscribers = EVENT_NAMES.map((name) =>
    core.on(name, (payload) => {
      for (const contents of clients.keys()) {
        if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
      }
    }),
  );

  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    ipcMain.off(WRITE_CHANNEL, onWrite);
    for (const off of unsubscribers) off();
    for (const contents of [...clients.keys()]) dropClient(contents);
  };
}
