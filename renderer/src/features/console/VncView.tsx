// A VM's screen: noVNC's RFB over a channel fed by the console's byte stream, with its tools.

import { ActionIcon, Button, Center, Menu, Text, Tooltip } from '@mantine/core';
import { IconDimensions, IconKeyboard, IconMaximize, IconTextPlus } from '@tabler/icons-react';
import RFB from '@novnc/novnc';
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { DisposableStore } from '../../../../shared/lifecycle';
import type { ConsoleInfo } from '../../../../shared/model';
import { useConsoles } from './ConsoleContext';
import { SPECIAL_KEYS, textToKeyEvents, type KeyEvent } from './keysyms';
import { createRfbChannel } from './rfbChannel';
import { TypeTextModal } from './TypeTextModal';

/** What noVNC itself reports about the current RFB session. */
interface RfbState {
  generation: number;
  phase: 'handshake' | 'connected' | 'ended';
  /** Why noVNC ended it (security failure, protocol error), when it did. */
  note?: string;
}

function sendKeys(rfb: RFB, events: KeyEvent[]): void {
  for (const e of events) rfb.sendKey(e.keysym, e.code, e.down);
}

/** A VM's screen: noVNC over a channel backed by the console's stream. */
export function VncView({
  info,
  active,
  tools,
}: {
  info: ConsoleInfo;
  active: boolean;
  tools: HTMLElement | null;
}) {
  const consoles = useConsoles();
  const consoleId = info.consoleId;
  const frameRef = useRef<HTMLDivElement | null>(null);
  const screenRef = useRef<HTMLDivElement | null>(null);
  const rfbRef = useRef<RFB | null>(null);
  const [scale, setScale] = useState(true);
  const scaleRef = useRef(scale);
  scaleRef.current = scale;
  const passwordRef = useRef(info.vncPassword);
  passwordRef.current = info.vncPassword;
  const [rfbState, setRfbState] = useState<RfbState | null>(null);
  const [typing, setTyping] = useState(false);

  // A new RFB for each connected generation: RFB sessions cannot be resumed.
  const liveGeneration = info.status === 'connected' ? info.generation : null;
  useEffect(() => {
    const screen = screenRef.current;
    if (liveGeneration === null || !screen) return;
    const generation = liveGeneration;
    // What this RFB session started, ended together when the generation or the tab goes.
    const store = new DisposableStore('VncView');
    const channel = store.add(
      createRfbChannel((bytes) => consoles.write(consoleId, bytes), consoles.scheduler),
    );
    const rfb = new RFB(screen, channel, {
      shared: true,
      credentials: passwordRef.current ? { password: passwordRef.current } : undefined,
    });
    rfb.scaleViewport = scaleRef.current;
    rfb.clipViewport = false;
    rfb.resizeSession = false;
    rfb.background = '#111';
    let ended = false;
    store.defer(() => {
      // The console went away (disconnected, reconnecting, tab closed): end this RFB session.
      if (!ended) channel.remoteClose(1000, 'Console disconnected');
    });
    rfbRef.current = rfb;
    store.defer(() => {
      if (rfbRef.current === rfb) rfbRef.current = null;
    });
    setRfbState({ generation, phase: 'handshake' });
    const update = (next: Omit<RfbState, 'generation'>) =>
      setRfbState((s) => (s && s.generation !== generation ? s : { generation, ...next }));

    rfb.addEventListener('credentialsrequired', () => {
      rfb.sendCredentials({ password: passwordRef.current ?? '' });
    });
    rfb.addEventListener('connect', () => {
      update({ phase: 'connected' });
      if (active) rfb.focus({ preventScroll: true });
    });
    rfb.addEventListener('securityfailure', (e) => {
      update({
        phase: 'ended',
        note: `The VNC server refused the login${e.detail.reason ? `: ${e.detail.reason}` : ''}`,
      });
    });
    rfb.addEventListener('disconnect', (e) => {
      ended = true;
      setRfbState((s) => {
        if (s && s.generation !== generation) return s;
        if (s?.phase === 'ended') return s;
        return {
          generation,
          phase: 'ended',
          note: e.detail.clean ? undefined : 'The connection to the screen ended unexpectedly',
        };
      });
    });

    store.add(
      consoles.streams.attach(consoleId, {
        generation,
        write(data) {
          channel.deliver(data);
          // noVNC has consumed the bytes into its queue by the time deliver returns.
          consoles.streams.ack(consoleId, data.byteLength);
        },
      }),
    );

    // Newest first: detach the stream, forget the RFB, end its session, then the channel.
    return () => void store.dispose();
    // `active` is read once when the session connects; later changes focus below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [consoleId, consoles, liveGeneration]);

  useEffect(() => {
    if (rfbRef.current) rfbRef.current.scaleViewport = scale;
  }, [scale]);

  useEffect(() => {
    if (active) rfbRef.current?.focus({ preventScroll: true });
  }, [active, rfbState?.phase]);

  const live = liveGeneration !== null && rfbState?.generation === liveGeneration;
  const connected = live && rfbState?.phase === 'connected';
  const rfbNote = live && rfbState?.phase === 'ended' ? rfbState.note : undefined;
  const withRfb = (fn: (rfb: RFB) => void) => {
    const rfb = rfbRef.current;
    if (!rfb) return;
    fn(rfb);
    rfb.focus({ preventScroll: true });
  };

  let overlay: string | undefined;
  if (info.status === 'connecting') overlay = 'Connecting to the screen…';
  else if (info.status === 'disconnected') overlay = info.reason ?? 'Disconnected';
  else if (rfbNote) overlay = rfbNote;
  else if (live && rfbState?.phase === 'handshake') overlay = 'Starting the VNC session…';

  return (
    <div
      ref={frameRef}
      data-testid="vnc-frame"
      style={{ position: 'absolute', inset: 0, background: '#111' }}
    >
      <div
        ref={screenRef}
        data-testid="vnc-screen"
        data-vnc-state={connected ? 'connected' : (rfbState?.phase ?? 'none')}
        style={{ width: '100%', height: '100%' }}
      />
      {overlay && (
        <Center
          style={{ position: 'absolute', inset: 0, pointerEvents: 'none' }}
          data-testid="vnc-message"
        >
          <Text c="gray.4" size="sm" ta="center" maw={480}>
            {overlay}
          </Text>
        </Center>
      )}
      {tools &&
        createPortal(
          <>
            {rfbNote && (
              <Text size="sm" c="red" truncate="end" data-testid="vnc-note" title={rfbNote}>
                {rfbNote}
              </Text>
            )}
            <Tooltip label={scale ? 'Show at 1:1 size' : 'Scale to fit'} withinPortal>
              <ActionIcon
                variant={scale ? 'light' : 'subtle'}
                aria-label="Scale to fit"
                aria-pressed={scale}
                onClick={() => setScale((s) => !s)}
              >
                <IconDimensions size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Fullscreen" withinPortal>
              <ActionIcon
                variant="subtle"
                aria-label="Fullscreen"
                onClick={() => {
                  frameRef.current?.requestFullscreen().catch(() => undefined);
                  rfbRef.current?.focus({ preventScroll: true });
                }}
              >
                <IconMaximize size={16} />
              </ActionIcon>
            </Tooltip>
            <Button
              size="compact-sm"
              variant="default"
              disabled={!connected}
              onClick={() => withRfb((rfb) => rfb.sendCtrlAltDel())}
            >
              Ctrl+Alt+Del
            </Button>
            <Menu withinPortal position="bottom-end" shadow="md">
              <Menu.Target>
                <Tooltip label="Special keys" withinPortal>
                  <ActionIcon variant="subtle" aria-label="Special keys" disabled={!connected}>
                    <IconKeyboard size={16} />
                  </ActionIcon>
                </Tooltip>
              </Menu.Target>
              <Menu.Dropdown mah={360} style={{ overflowY: 'auto' }}>
                {SPECIAL_KEYS.map((k) => (
                  <Menu.Item
                    key={k.label}
                    onClick={() => withRfb((rfb) => sendKeys(rfb, k.events))}
                  >
                    {k.label}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
            <Tooltip label="Type text as key presses" withinPortal>
              <ActionIcon
                variant="subtle"
                aria-label="Type text"
                disabled={!connected}
                onClick={() => setTyping(true)}
              >
                <IconTextPlus size={16} />
              </ActionIcon>
            </Tooltip>
          </>,
          tools,
        )}
      <TypeTextModal
        opened={typing}
        onClose={() => setTyping(false)}
        onType={(text) => {
          setTyping(false);
          withRfb((rfb) => sendKeys(rfb, textToKeyEvents(text)));
        }}
      />
    </div>
  );
}
