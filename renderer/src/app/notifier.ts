import { notifications, type NotificationData } from '@mantine/notifications';
import type { TaskInfo } from '../../../shared/model';
import { taskReason } from '../features/tasks/taskReason';
import type { Notifier } from '../store/controller';
import { describeError } from '../ui/describeError';
import type { ProfileTag } from '../ui/ProfileChip';

/** One toast per in-doubt action: "checking…", then what happened, in its place. */
function doubtToast(upid: string, n: Omit<NotificationData, 'id'>): void {
  const data = { ...n, id: `in-doubt|${upid}` };
  // update() changes a toast still shown; show() adds it when it is gone (or never was).
  notifications.update(data);
  notifications.show(data);
}

/**
 * Toasts for the controller: own tasks ending, and calls that failed before a task started. With
 * several profiles, a task's toast starts with its profile's name (`tagOf` gives it).
 */
export function createToastNotifier(
  tagOf: (profileId: string) => ProfileTag | undefined,
): Notifier {
  const named = (task: TaskInfo, title: string): string => {
    const tag = tagOf(task.profileId);
    return tag ? `${tag.name} · ${title}` : title;
  };
  return {
    taskInDoubt(task: TaskInfo) {
      doubtToast(task.upid, {
        loading: true,
        title: named(task, `${task.label} may have run — checking…`),
        message: 'Its reply was lost. Deckhand is looking for its task in the task list.',
        autoClose: false,
        withCloseButton: false,
      });
    },
    taskConfirmed(task: TaskInfo) {
      doubtToast(task.replaces ?? task.upid, {
        loading: false,
        color: 'blue',
        title: named(task, `${task.label} ran (confirmed from the task list)`),
        message: null,
        autoClose: 6000,
        withCloseButton: true,
      });
    },
    taskEnded(task: TaskInfo) {
      if (task.outcome === 'did-not-run' || task.outcome === 'in-doubt') {
        const didNotRun = task.outcome === 'did-not-run';
        doubtToast(task.upid, {
          loading: false,
          color: didNotRun ? 'red' : 'yellow',
          title: named(
            task,
            didNotRun ? `${task.label} did not run` : `${task.label} may have run`,
          ),
          message: didNotRun
            ? `${task.exitstatus?.replace(/^Did not run: n/, 'N') ?? ''}. You can try again.`
            : `${task.exitstatus ?? ''}. Check the guest before trying again.`,
          autoClose: false,
          withCloseButton: true,
        });
        return;
      }
      const warnings = task.exitstatus?.startsWith('WARNINGS') ?? false;
      if (task.ok === false) {
        // The same reason as the task's row (the log's error line where the status is generic).
        const reason = taskReason(task);
        const stopped = reason?.kind === 'stopped';
        notifications.show({
          color: stopped ? 'orange' : 'red',
          title: named(task, `${task.label}: ${stopped ? 'stopped' : 'failed'}`),
          message: reason?.full ?? task.exitstatus ?? 'The task failed',
          autoClose: 10_000,
        });
      } else {
        notifications.show({
          color: warnings ? 'yellow' : 'green',
          title: named(task, `${task.label}: ${task.exitstatus ?? 'OK'}`),
          message: warnings ? 'Finished with warnings; open the task log for details.' : null,
          autoClose: 4000,
        });
      }
    },
    callFailed(title: string, err: unknown) {
      notifications.show({ color: 'red', title, message: describeError(err), autoClose: 10_000 });
    },
  };
}
