// A WebSocket-like channel for noVNC's RFB, backed by the console's byte stream through main.
// noVNC checks for these own properties (core/websock.js attach()), reuses the buffer it hands
// to send(), and reads messages as { data: ArrayBuffer }.

import type { RfbRawChannel } from '@novnc/novnc';
import { systemScheduler, type Disposable, type Scheduler } from '../../../../shared/lifecycle';

export interface RfbChannel extends RfbRawChannel, Disposable {
  /** Bytes from the server (the console's stream of this generation). */
  deliver(data: Uint8Array): void;
  /** The server side went away (the console disconnected): RFB sees a close. */
  remoteClose(code: number, reason: string): void;
  /** The view is gone: a close still on its way is reported now, not after the view. */
  dispose(): void;
}

function copyOut(data: Uint8Array | ArrayBuffer): Uint8Array {
  // noVNC's send queue is reused for the next message: keep a copy of our own.
  if (data instanceof ArrayBuffer) return new Uint8Array(data.slice(0));
  return data.slice();
}

function asArrayBuffer(data: Uint8Array): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = data;
  if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength)
    return buffer;
  return data.slice().buffer as ArrayBuffer;
}

export function createRfbChannel(
  send: (bytes: Uint8Array) => void,
  scheduler: Scheduler = systemScheduler,
): RfbChannel {
  /** Bytes delivered before RFB set onmessage (it does so at once, but be safe). */
  const early: ArrayBuffer[] = [];
  /** A local close's event, due on the next turn. */
  let closing: Disposable | undefined;
  const reportClose = (): void => {
    closing?.dispose();
    closing = undefined;
    channel.onclose?.({ code: 1000, reason: '', wasClean: true });
  };
  const channel: RfbChannel = {
    binaryType: 'arraybuffer',
    protocol: 'binary',
    readyState: 'open',
    onopen: null,
    onmessage: null,
    onerror: null,
    onclose: null,
    send(data) {
      if (channel.readyState !== 'open') return;
      send(copyOut(data));
    },
    close() {
      if (channel.readyState === 'closed') return;
      channel.readyState = 'closed';
      // Like a WebSocket, the close event follows asynchronously; RFB waits for it.
      closing = scheduler.setTimeout(reportClose, 0, { label: 'RFB channel close' });
    },
    deliver(data) {
      if (channel.readyState !== 'open') return;
      const buffer = asArrayBuffer(data);
      if (!channel.onmessage) {
        early.push(buffer);
        return;
      }
      for (const b of early.splice(0)) channel.onmessage({ data: b });
      channel.onmessage({ data: buffer });
    },
    remoteClose(code, reason) {
      if (channel.readyState === 'closed') return;
      channel.readyState = 'closed';
      channel.onclose?.({ code, reason, wasClean: false });
    },
    dispose() {
      if (closing) reportClose();
    },
  };
  return channel;
}
