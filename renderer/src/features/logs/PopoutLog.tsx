// A pop-out log window (`#log=<spec>`): it opens its own stream with the same spec and shows
// that one view, nothing else. Closing the window ends the stream (core closes what a window owned).

import { Center, Loader } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { LogSourceSpec } from '../../../../shared/logs';
import type { LogController } from './logController';
import './logs.css';
import type { LogStream } from './logStream';
import { StreamView } from './StreamViews';

export function PopoutLog({
  controller,
  spec,
}: {
  controller: LogController;
  spec: LogSourceSpec;
}) {
  const [stream, setStream] = useState<LogStream | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void controller.open(spec).then((id) => {
      if (!live || !id) return;
      setStream(controller.stream(id));
      const info = controller.stream(id)?.getSnapshot().info;
      if (info) document.title = `${info.title} · Deckhand`;
    });
    return () => {
      live = false;
    };
  }, [controller, spec]);
  if (!stream) {
    return (
      <Center h="100%">
        <Loader size="sm" />
      </Center>
    );
  }
  return (
    <div className="log-panel" data-testid="log-panel" style={{ height: '100vh' }}>
      <StreamView controller={controller} stream={stream} popout />
    </div>
  );
}
