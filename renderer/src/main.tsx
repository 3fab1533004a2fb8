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
createRoot(root).render(
  popoutLogSpec ? (
    <PopoutLogApp controller={controller} consoles={consoles} logs={logs} spec={popoutLogSpec} />
  ) : popoutConsoleId ? (
    <PopoutApp controller={controller} consoles={consoles} consoleId={popoutConsoleId} />
  ) : (
    <App controller={controller} consoles={consoles} link={getBackendLink()} />
  ),
);
