// Picks the transport: the Electron preload's bridge when present, else the browser host's
// loopback WebSocket with the token from the page URL.

import type { DeckhandApi, RawBridge } from '../../../shared/ipc';
import { ALWAYS_OPEN_LINK, type BackendLink } from './backendLink';
import { wrapRawBridge } from './electronBridge';
import { createWsBridge } from './wsBridge';

interface Connection {
  api: DeckhandApi;
  link: BackendLink;
}

let connection: Connection | undefined;

function isRawBridge(value: unknown): value is RawBridge {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.invoke === 'function' && typeof v.on === 'function';
}

export function ipcWebSocketUrl(location: Pick<Location, 'host' | 'search'>): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  return `ws://${location.host}/ipc?token=${encodeURIComponent(token)}`;
}

function connectBackend(): Connection {
  const raw = (window as Window & { deckhand?: unknown }).deckhand;
  if (isRawBridge(raw)) return { api: wrapRawBridge(raw), link: ALWAYS_OPEN_LINK };
  const { api, link } = createWsBridge(ipcWebSocketUrl(window.location));
  return { api, link };
}

export function getApi(): DeckhandApi {
  connection ??= connectBackend();
  return connection.api;
}

export function getBackendLink(): BackendLink {
  connection ??= connectBackend();
  return connection.link;
}
