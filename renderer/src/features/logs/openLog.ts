// PLACEHOLDER: open a log stream in the side panel (replaced by the log-panel work). Any feature
// (tree, detail, tasks strip) calls this to show a log; the panel reveals itself.

import type { LogSourceSpec } from '../../../../shared/logs';

export function openLog(spec: LogSourceSpec): void {
  void spec;
}
