import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { toastNotifier } from './app/notifier';
import { getApi, getBackendLink } from './bridge/getApi';
import { initialAppState } from './store/appState';
import { AppController } from './store/controller';
import { createStore } from './store/createStore';

const controller = new AppController(
  getApi(),
  createStore(initialAppState),
  toastNotifier,
  getBackendLink(),
);
const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(<App controller={controller} link={getBackendLink()} />);
