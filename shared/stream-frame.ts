// Binary frames of the browser host's loopback WebSocket: stream bytes without JSON or base64.
// Layout: [kind: u8][id length: u8][id: ASCII][data...]. kind 1 = output (server → client),
// kind 2 = input (client → server).

import { STREAM_ID_RE } from './ipc';

export const STREAM_OUTPUT = 1;
export const STREAM_INPUT = 2;
export type StreamFrameKind = typeof STREAM_OUTPUT | typeof STREAM_INPUT;

export interface StreamFrame {
  kind: StreamFrameKind;
  streamId: string;
  data: Uint8Array;
}

export function encodeStreamFrame(
  kind: StreamFrameKind,
  streamId: string,
  data: Uint8Array,
): Uint8Array {
  if (!STREAM_ID_RE.test(streamId)) throw new TypeError(`Bad stream id: ${streamId}`);
  const frame = new Uint8Array(2 + streamId.length + data.byteLength);
  frame[0] = kind;
  frame[1] = streamId.length;
  for (let i = 0; i < streamId.length; i++) frame[2 + i] = streamId.charCodeAt(i);
  frame.set(data, 2 + streamId.length);
  return frame;
}

/** Undefined for anything malformed: unknown kind, bad id, truncated header. */
export function decodeStreamFrame(frame: Uint8Array): StreamFrame | undefined {
  if (frame.byteLength < 3) return undefined;
  const kind = frame[0];
  if (kind !== STREAM_OUTPUT && kind !== STREAM_INPUT) return undefined;
  const idLength = frame[1] ?? 0;
  if (frame.byteLength < 2 + idLength) return undefined;
  let streamId = '';
  for (let i = 0; i < idLength; i++) streamId += String.fromCharCode(frame[2 + i] ?? 0);
  if (!STREAM_ID_RE.test(streamId)) return undefined;
  return { kind, streamId, data: frame.subarray(2 + idLength) };
}
