// The Electron binding of the IPC contract, and the only place that uses ipcMain. Every call is
// checked: it must come from our window's main frame showing one of our own pages, and name a
// call of the contract. Results and errors cross as Envelopes; events go to our window only.

import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { EVENT_NAMES, type Envelope } from '../../shared/ipc';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../preload/channels';
import { dispatchCall, type ContractCore } from '../serve/contract';

export interface ContractBindingOptions {
  core: ContractCore;
  /** The web contents of our window, or undefined when it is closed. */
  target(): WebContents | undefined;
  isAppUrl(url: string): boolean;
}

/** Bind the contract; returns a function that unbinds it. */
export function bindContract(options: ContractBindingOptions): () => void {
  const { core } = options;

  const isTrustedSender = (event: IpcMainInvokeEvent): boolean => {
    const target = options.target();
    const frame = event.senderFrame;
    return (
      target !== undefined &&
      event.sender === target &&
      frame !== null &&
      frame === target.mainFrame &&
      options.isAppUrl(frame.url)
    );
  };

  ipcMain.handle(
    CALL_CHANNEL,
    async (event: IpcMainInvokeEvent, name: unknown, args: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { kind: 'permission', message: 'Refused: unknown sender' } };
      }
      return dispatchCall(core.handlers, name, args);
    },
  );

  const unsubscribers = EVENT_NAMES.map((name) =>
    core.on(name, (payload) => {
      const target = options.target();
      if (target !== undefined && !target.isDestroyed()) target.send(EVENT_CHANNEL, name, payload);
    }),
  );

  return () => {
    ipcMain.removeHandler(CALL_CHANNEL);
    for (const off of unsubscribers) off();
  };
}
