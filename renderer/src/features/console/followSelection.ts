import { toDisposable, type Disposable } from '../../../../shared/lifecycle';
import type { AppState } from '../../store/appState';
import type { Store } from '../../store/createStore';
import type { ConsoleController } from './consoleController';

/**
 * Choosing something in the tree shows its details, even while a console tab is in front. A
 * synchronous store subscription, so a double-click's second click cannot undo the console tab
 * its double-click shows next.
 */
export function followTreeSelection(app: Store<AppState>, consoles: ConsoleController): Disposable {
  let last = app.getState().opened;
  return toDisposable(
    app.subscribe(() => {
      const opened = app.getState().opened;
      if (opened === last) return;
      last = opened;
      if (opened) consoles.activate(null);
    }),
  );
}
