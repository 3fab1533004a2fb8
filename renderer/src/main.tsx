import { createRoot } from 'react-dom/client';
import { App, PopoutApp } from './app/App';
import { toastNotifier } from './app/notifier';
import { getApi, getBackendLink } from './bridge/getApi';
import { ConsoleController } from './features/console/consoleController';
import { consoleIdFromHash } from './features/console/popout';
import { initialAppState } from './store/appState';
import { AppController } from './store/controller';
import { createStore } from './store/createStore';

const controller = new AppController(
  getApi(),
  createStore(initialAppState),
  toastNotifier,
  getBackendLink(),
);
const consoles = new ConsoleController(getApi(), toastNotifier, getBackendLink());
const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
// A pop-out window shows one console (its URL's #console=<id>) and nothing else.
const popoutConsoleId = consoleIdFromHash(window.location.hash);
createRoot(root).render(
  popoutConsoleId ? (
    <PopoutApp controller={controller} consoles={consoles} consoleId={popoutConsoleId} />
  ) : (
    <App controller={controller} consoles={consoles} link={getBackendLink()} />
  ),
);
