// Text going into a terminal: how it is encoded and when a paste needs a second look.

const encoder = new TextEncoder();

/** Terminal input for termproxy: UTF-8 bytes of the text (main frames it). */
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** xterm's onBinary data: a string whose char codes are bytes (0–255), not UTF-16 text. */
export function binaryStringToBytes(data: string): Uint8Array {
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i) & 0xff;
  return bytes;
}

/**
 * A paste with a line break: it would run one or more commands the moment it lands (a trailing
 * newline alone runs a line), so it asks first.
 */
export function isMultiLinePaste(text: string): boolean {
  return /[\r\n]/.test(text);
}

/** How many lines a paste has, for the confirmation ("Paste 3 lines?"). */
export function pasteLineCount(text: string): number {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.length;
}
