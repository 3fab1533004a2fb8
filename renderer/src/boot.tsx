// The app itself: the window's store, its controllers and the React root. main.tsx loads it
// (after the first frame has painted, when there is one).

import { createRoot } from 'react-dom/client';
import { App, PopoutApp, PopoutLogApp } from './app/App';
import { createToastNotifier } from './app/notifier';
import { getApi, getBackendLink } from './bridge/getApi';
import { ConsoleController } from './features/console/consoleController';
import { consoleIdFromHash } from './features/console/popout';
import { LogController } from './features/logs/logController';
import { logSpecFromHash } from './features/logs/logSpecs';
import { setLogController } from './features/logs/openLog';
import { initialAppState } from './store/appState';
import { AppController } from './store/controller';
import { createStore, nextFrame } from './store/createStore';
import { profileTagOf } from './ui/ProfileChip';
import { startFirstFrameSaver } from './features/tree/firstFrame';
import { treeView } from './features/tree/treeViews';
import { clusterTagColors } from './features/tree/tagColorCache';
import { systemScheduler } from '../../shared/lifecycle';

// News from the backend renders once per frame (a hidden window, without frames, within 100 ms).
const store = createStore(initialAppState, { defer: nextFrame });
// Toasts name the profile of their task when there are several.
const toastNotifier = createToastNotifier((id) => profileTagOf(store.getState().profiles, id));
const controller = new AppController(getApi(), store, toastNotifier, getBackendLink());
const consoles = new ConsoleController(getApi(), toastNotifier, getBackendLink());
// The window's log streams live as long as the window (the log panel may be collapsed).
const logs = new LogController(getApi(), toastNotifier);
logs.start();
setLogController(logs);
const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
// A pop-out window shows one console (its URL's #console=<id>) and nothing else.
const popoutConsoleId = consoleIdFromHash(window.location.hash);
// A log pop-out (#log=<spec>) opens its own stream of that spec.
const popoutLogSpec = logSpecFromHash(window.location.hash);
// The main window keeps the top of its tree for the next start's first frame (shared/first-frame.ts).
if (!popoutConsoleId && !popoutLogSpec) {
  startFirstFrameSaver({
    subscribe: store.subscribe,
    getState: store.getState,
    view: () => treeView.get(),
    tagColors: (profileId) => clusterTagColors(getApi(), profileId),
    save: (frame) => getApi().invoke('app.saveFirstFrame', { frame }),
    scheduler: systemScheduler,
  });
}
createRoot(root).render(
  popoutLogSpec ? (
    <PopoutLogApp controller={controller} consoles={consoles} logs={logs} spec={popoutLogSpec} />
  ) : popoutConsoleId ? (
    <PopoutApp controller={controller} consoles={consoles} consoleId={popoutConsoleId} />
  ) : (
    <App controller={controller} consoles={consoles} link={getBackendLink()} />
  ),
);
