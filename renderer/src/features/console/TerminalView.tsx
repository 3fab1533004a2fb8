// A text console: xterm.js fed by the console's byte stream, typing and pasting into it through
// main, with search, zoom, copy on select and a size kept in step with the panel.

import '@xterm/xterm/css/xterm.css';
import { ActionIcon, Tooltip, useComputedColorScheme } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { DisposableStore } from '../../../../shared/lifecycle';
import type { ConsoleInfo } from '../../../../shared/model';
import { Debounced } from '../../ui/debounce';
import { useConsoles } from './ConsoleContext';
import { PasteConfirmModal } from './PasteConfirmModal';
import { TerminalSearch } from './TerminalSearch';
import { terminalTheme } from './terminalTheme';
import { binaryStringToBytes, encodeUtf8, isMultiLinePaste } from './textInput';
import { DEFAULT_FONT_SIZE, zoomedFontSize } from './terminalZoom';

const SCROLLBACK_LINES = 10_000;
/** Where one connection ends and the next begins: reset modes (soft reset), then a dim mark. */
const RECONNECTED = '\x1b[!p\r\n\x1b[2m— reconnected —\x1b[0m\r\n';
/** Leaves a full-screen app's screen the old session left behind (only sent when it is on). */
const LEAVE_ALTERNATE_SCREEN = '\x1b[?1049l';
const FIT_DEBOUNCE_MS = 50;
const RESIZE_DEBOUNCE_MS = 80;
const COPY_DEBOUNCE_MS = 150;

function openLink(_event: MouseEvent, uri: string): void {
  // Only web links: a terminal can print any scheme, and file: or custom schemes must not open.
  if (/^https?:\/\//i.test(uri)) window.open(uri, '_blank', 'noopener');
}

function isCombo(ev: KeyboardEvent, key: string): boolean {
  return ev.ctrlKey && ev.shiftKey && !ev.altKey && !ev.metaKey && ev.code === `Key${key}`;
}

/** A text console: xterm.js fed by the console's stream, typing into it through main. */
export function TerminalView({
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
  const hostRef = useRef<HTMLDivElement | null>(null);
  const termRef = useRef<Terminal | null>(null);
  const searchRef = useRef<SearchAddon | null>(null);
  const statusRef = useRef(info.status);
  statusRef.current = info.status;
  const scheme = useComputedColorScheme('light');
  const schemeRef = useRef(scheme);
  schemeRef.current = scheme;
  const [searching, setSearching] = useState(false);
  const [pendingPaste, setPendingPaste] = useState<string | null>(null);
  /** Selections made by the search box are not copied. */
  const selectingForSearch = useRef(false);
  const sendSizeRef = useRef<() => void>(() => undefined);

  // One terminal per console, for the life of its tab.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    // Everything the terminal started, disposed newest first when the tab goes.
    const store = new DisposableStore('TerminalView');
    const { scheduler } = consoles;
    const term = store.add(
      new Terminal({
        scrollback: SCROLLBACK_LINES,
        theme: terminalTheme(schemeRef.current),
        fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace',
        fontSize: DEFAULT_FONT_SIZE,
        cursorBlink: true,
        screenReaderMode: false,
      }),
    );
    // Loaded addons are disposed with the terminal.
    const fit = new FitAddon();
    const search = new SearchAddon();
    term.loadAddon(fit);
    term.loadAddon(search);
    term.loadAddon(new WebLinksAddon(openLink));
    term.open(host);
    termRef.current = term;
    searchRef.current = search;
    store.defer(() => {
      termRef.current = null;
      searchRef.current = null;
    });

    const send = (bytes: Uint8Array) => {
      // Typing into a dead console would be lost anyway; main drops it too.
      if (statusRef.current === 'connected') consoles.write(consoleId, bytes);
    };
    store.add(term.onData((text) => send(encodeUtf8(text))));
    store.add(term.onBinary((data) => send(binaryStringToBytes(data))));

    // Copy on select, once the selection settles; clipboard failures (no permission, no focus)
    // are not worth an error: the selection is still there for Ctrl+Shift+C.
    const copy = store.add(
      new Debounced(
        scheduler,
        COPY_DEBOUNCE_MS,
        () => {
          const text = term.getSelection();
          if (text) navigator.clipboard?.writeText(text).catch(() => undefined);
        },
        'terminal copy',
      ),
    );
    store.add(
      term.onSelectionChange(() => {
        copy.cancel();
        if (!selectingForSearch.current) copy.schedule();
      }),
    );

    term.attachCustomKeyEventHandler((ev) => {
      const fontSize = zoomedFontSize(ev, term.options.fontSize ?? DEFAULT_FONT_SIZE);
      if (fontSize !== undefined) {
        if (ev.type === 'keydown') {
          ev.preventDefault();
          term.options.fontSize = fontSize;
          fitNow();
        }
        return false;
      }
      if (isCombo(ev, 'F')) {
        if (ev.type === 'keydown') {
          ev.preventDefault();
          setSearching(true);
        }
        return false;
      }
      if (isCombo(ev, 'C')) {
        if (ev.type === 'keydown') {
          ev.preventDefault();
          const text = term.getSelection();
          if (text) navigator.clipboard?.writeText(text).catch(() => undefined);
        }
        return false;
      }
      // Ctrl+Shift+V: let the browser paste (the paste event below handles it).
      if (isCombo(ev, 'V')) return false;
      return true;
    });

    // Every paste passes here first (keyboard, context menu, middle-click): multi-line pastes
    // wait for a confirmation, the rest goes straight to xterm (which adds bracketed paste).
    const onPaste = (ev: ClipboardEvent) => {
      const text = ev.clipboardData?.getData('text/plain') ?? '';
      ev.preventDefault();
      ev.stopPropagation();
      if (!text) return;
      if (isMultiLinePaste(text)) setPendingPaste(text);
      else term.paste(text);
    };
    host.addEventListener('paste', onPaste, { capture: true });
    store.defer(() => host.removeEventListener('paste', onPaste, { capture: true }));

    // Size: fit to the panel when it changes, tell main (debounced) when the cell size changed.
    let sent: { cols: number; rows: number } | undefined;
    let forceResize = false;
    const resize = store.add(
      new Debounced(
        scheduler,
        RESIZE_DEBOUNCE_MS,
        () => {
          const size = { cols: term.cols, rows: term.rows };
          if (!forceResize && sent && sent.cols === size.cols && sent.rows === size.rows) return;
          sent = size;
          consoles.resize(consoleId, size.cols, size.rows);
        },
        'terminal resize',
      ),
    );
    const sendSize = (force = false) => {
      forceResize = force;
      resize.schedule();
    };
    sendSizeRef.current = () => sendSize(true);
    store.add(term.onResize(() => sendSize()));
    const fitNow = () => {
      // A hidden tab has no size: fitting it would shrink the terminal to nothing.
      if (host.clientWidth === 0 || host.clientHeight === 0) return;
      fit.fit();
    };
    const refit = store.add(new Debounced(scheduler, FIT_DEBOUNCE_MS, fitNow, 'terminal fit'));
    const observer = new ResizeObserver(() => refit.schedule());
    observer.observe(host);
    store.defer(() => observer.disconnect());
    fitNow();
    sendSize(true);

    // Output: written in order, acknowledged once xterm has parsed it.
    let generation = info.generation;
    store.add(
      consoles.streams.attach(consoleId, {
        write(data) {
          term.write(data, () => consoles.streams.ack(consoleId, data.byteLength));
        },
        newGeneration(next) {
          if (next <= generation) return;
          generation = next;
          // Outside the alternate screen, 1049l would restore a stale cursor and overwrite lines.
          if (term.buffer.active.type === 'alternate') term.write(LEAVE_ALTERNATE_SCREEN);
          term.write(RECONNECTED);
        },
      }),
    );

    return () => void store.dispose();
    // The terminal lives as long as the console; info changes are read through refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [consoleId, consoles]);

  useEffect(() => {
    if (termRef.current) termRef.current.options.theme = terminalTheme(scheme);
  }, [scheme]);

  // Each new connection starts with the shell's default size: tell it ours.
  useEffect(() => {
    if (info.status === 'connected') sendSizeRef.current();
  }, [info.status, info.generation]);

  useEffect(() => {
    if (active && !searching) termRef.current?.focus();
  }, [active, searching]);

  const find = (text: string, direction: 'next' | 'previous') => {
    const search = searchRef.current;
    if (!search) return false;
    selectingForSearch.current = true;
    try {
      return direction === 'next' ? search.findNext(text) : search.findPrevious(text);
    } finally {
      selectingForSearch.current = false;
    }
  };
  const closeSearch = () => {
    setSearching(false);
    searchRef.current?.clearDecorations();
    termRef.current?.focus();
  };

  return (
    <>
      <div
        style={{
          position: 'absolute',
          inset: 0,
          padding: 4,
          background: terminalTheme(scheme).background,
        }}
      >
        {/* The fit addon measures this element: no padding of its own. */}
        <div ref={hostRef} data-testid="terminal" style={{ width: '100%', height: '100%' }} />
      </div>
      {searching && <TerminalSearch find={find} onClose={closeSearch} />}
      {tools &&
        createPortal(
          <Tooltip label="Search (Ctrl+Shift+F)" withinPortal>
            <ActionIcon variant="subtle" aria-label="Search" onClick={() => setSearching(true)}>
              <IconSearch size={16} />
            </ActionIcon>
          </Tooltip>,
          tools,
        )}
      <PasteConfirmModal
        text={pendingPaste}
        onCancel={() => {
          setPendingPaste(null);
          termRef.current?.focus();
        }}
        onPaste={(text) => {
          setPendingPaste(null);
          termRef.current?.paste(text);
          termRef.current?.focus();
        }}
      />
    </>
  );
}
