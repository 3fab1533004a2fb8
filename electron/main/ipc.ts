// The Electron binding of the IPC contract, and the only place that uses ipcMain. Every message is
// checked: it must come from the main frame of one of our windows showing one of our own pages,
// and name a call or notification of the contract (electron/host's dispatcher checks the rest).
// Results and errors cross as Envelopes; notifications get no answer. Each window is one client
// of core, owned by a DisposableStore: console events and stream bytes go to the window that owns
// the console, and a window's consoles close when it closes or reloads.

import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { BROADCAST_EVENT_NAMES, STREAM_ID_RE, type Envelope } from '../../shared/ipc';
import { followWindowVisibility } from './visibility';
import { DisposableStore, type Disposable } from '../../shared/lifecycle';
import {
  CALL_CHANNEL,
  EVENT_CHANNEL,
  NOTIFY_CHANNEL,
  STREAM_CHANNEL,
  WRITE_CHANNEL,
} from '../host/channels';
import {
  dispatchCall,
  dispatchNotification,
  type ClientConnection,
  type ContractCore,
} from '../host/dispatch';

export interface ContractBindingOptions {
  core: ContractCore;
  /** Is this web contents one of our application windows (main or popped-out console)? */
  isOurWindow(contents: WebContents): boolean;
  isAppUrl(url: string): boolean;
}

interface WindowClient {
  connection: ClientConnection;
  /** The connection and the window's listeners; disposed when the window goes or reloads. */
  store: DisposableStore;
}

/** Bind the contract; disposing the result unbinds it and drops every window. */
export function bindContract(options: ContractBindingOptions): Disposable {
  const { core } = options;
  const binding = new DisposableStore('electron contract');
  const clients = new Map<WebContents, WindowClient>();

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
    void binding.release(client.store);
  };

  const clientOf = (contents: WebContents): ClientConnection => {
    const existing = clients.get(contents);
    if (existing) return existing.connection;
    const store = binding.add(new DisposableStore('electron window'));
    const send = (channel: string, ...args: unknown[]): void => {
      if (!contents.isDestroyed()) contents.send(channel, ...args);
    };
    const connection = store.add(
      core.connectClient({
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
      }),
    );
    clients.set(contents, { connection, store });
    // Minimised, hidden, shown, focused: core polls slower while no window is seen.
    store.defer(
      followWindowVisibility(contents, (args) => {
        void dispatchNotification(core, 'app.visibility', args, { clientId: connection.clientId });
      }),
    );
    const onDestroyed = (): void => dropClient(contents);
    // A reload starts a new page that owns nothing yet.
    const onNavigation = (details: { isMainFrame: boolean; isSameDocument: boolean }): void => {
      if (details.isMainFrame && !details.isSameDocument) dropClient(contents);
    };
    contents.once('destroyed', onDestroyed);
    contents.on('did-start-navigation', onNavigation);
    store.defer(() => {
      if (contents.isDestroyed()) return;
      contents.off('destroyed', onDestroyed);
      contents.off('did-start-navigation', onNavigation);
    });
    return connection;
  };

  ipcMain.handle(
    CALL_CHANNEL,
    async (event: IpcMainInvokeEvent, name: unknown, args: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { kind: 'permission', message: 'Refused: unknown sender' } };
      }
      const client = clientOf(event.sender);
      return dispatchCall(core, name, args, { clientId: client.clientId });
    },
  );
  binding.defer(() => ipcMain.removeHandler(CALL_CHANNEL));

  const onNotify = (event: IpcMainEvent, name: unknown, args: unknown): void => {
    if (!isTrustedSender(event)) return;
    const client = clientOf(event.sender);
    void dispatchNotification(core, name, args, { clientId: client.clientId });
  };
  ipcMain.on(NOTIFY_CHANNEL, onNotify);
  binding.defer(() => void ipcMain.off(NOTIFY_CHANNEL, onNotify));

  const onWrite = (event: IpcMainEvent, streamId: unknown, data: unknown): void => {
    if (!isTrustedSender(event)) return;
    if (typeof streamId !== 'string' || !STREAM_ID_RE.test(streamId)) return;
    if (!(data instanceof Uint8Array)) return;
    clientOf(event.sender).write(streamId, data);
  };
  ipcMain.on(WRITE_CHANNEL, onWrite);
  binding.defer(() => void ipcMain.off(WRITE_CHANNEL, onWrite));

  for (const name of BROADCAST_EVENT_NAMES) {
    binding.add(
      core.on(name, (payload) => {
        for (const contents of clients.keys()) {
          if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, name, payload);
        }
      }),
    );
  }
  binding.defer(() => clients.clear());

  return binding;
}
