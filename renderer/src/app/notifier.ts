import { notifications } from '@mantine/notifications';
import type { TaskInfo } from '../../../shared/model';
import type { Notifier } from '../store/controller';
import { describeError } from '../ui/describeError';

/** Toasts for the controller: own tasks ending, and calls that failed before a task started. */
export const toastNotifier: Notifier = {
  taskEnded(task: TaskInfo) {
    const warnings = task.exitstatus?.startsWith('WARNINGS') ?? false;
    if (task.ok === false) {
      notifications.show({
        color: 'red',
        title: `${task.label}: failed`,
        message: task.exitstatus ?? 'The task failed',
        autoClose: 10_000,
      });
    } else {
      notifications.show({
        color: warnings ? 'yellow' : 'green',
        title: `${task.label}: ${task.exitstatus ?? 'OK'}`,
        message: warnings ? 'Finished with warnings; open the task log for details.' : null,
        autoClose: 4000,
      });
    }
  },
  callFailed(title: string, err: unknown) {
    notifications.show({ color: 'red', title, message: describeError(err), autoClose: 10_000 });
  },
};
