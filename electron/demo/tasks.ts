// Worker tasks (UPIDs) as pve-common RESTEnvironment fork_worker runs them: each has a log whose last
// line is `TASK OK` or `TASK ERROR: <msg>`, a status (running/stopped) and an exit status.
// Tasks that touch the same guest run one after another, as PVE's config lock serialises them;
// their checks run when they get the lock, so a second start of the same VM fails like PVE's.

import type { Disposable, Scheduler } from '../../shared/lifecycle';
import { formatUpid } from '../../shared/upid';
import type { SimClock } from './clock';
import type { DemoNode } from './model';
import { createRng } from './random';

export interface Task {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  starttime: number;
  type: string;
  id: string;
  /** user@realm or a token id */
  authid: string;
  status: 'running' | 'stopped';
  exitstatus?: string;
  endtime?: number;
  log: string[];
}

/**
 * One phase of a task: wait `seconds` (before time scaling), then act. Throwing fails the task;
 * `warn` logs a line and counts it, as a worker's `warn` does (the task ends `WARNINGS: n`).
 */
export interface TaskStep {
  seconds: number;
  action?: (log: (line: string) => void, warn: (line: string) => void) => void;
  /**
   * A stop (SIGTERM) while this step waits, for a worker that traps it (vzdump fails the guest it
   * is at and goes on): logs what the worker does; the steps after this one sharing the same
   * handler (one unit of work) are dropped and the task goes on. Without it the task ends
   * `TASK ERROR: received interrupt`, as fork_worker's handler dies.
   */
  interrupt?: (log: (line: string) => void) => void;
}

interface Running {
  task: Task;
  steps: TaskStep[];
  /** the step whose wait is running */
  current?: TaskStep;
  timer?: Disposable;
  warnings?: number;
  lockKey?: string;
  onEnd?: (task: Task) => void;
  /** set while waiting for the lock: makes the plan and plays it */
  begin?: () => void;
}

export class TaskManager implements Disposable {
  private readonly byUpid = new Map<string, Task>();
  private readonly perNode = new Map<string, Task[]>();
  private readonly running = new Map<string, Running>();
  private readonly queues = new Map<string, Running[]>();
  private readonly nextPid = new Map<string, number>();
  private readonly rng: () => number;
  private closed = false;
  /** Tasks waiting for their next step while tasks are held (`hold`), in the order they got there. */
  private held: Running[] | undefined;

  constructor(
    private readonly clock: SimClock,
    private readonly nodes: readonly DemoNode[],
    private readonly timeScale: number,
    seed: number,
    private readonly scheduler: Scheduler,
  ) {
    this.rng = createRng(seed ^ 0x7a5c);
  }

  /** A duration in seconds between min and max, from the seeded generator. */
  duration(min: number, max: number): number {
    return min + this.rng() * (max - min);
  }

  get(upid: string): Task | undefined {
    return this.byUpid.get(upid);
  }

  list(node: string): readonly Task[] {
    return this.perNode.get(node) ?? [];
  }

  all(): Task[] {
    return [...this.byUpid.values()];
  }

  private allocate(
    node: string,
    type: string,
    id: string,
    authid: string,
    starttime: number,
  ): Task {
    const n = this.nodes.find((x) => x.name === node);
    const pid =
      (this.nextPid.get(node) ?? 0x1000 + Math.floor(this.rng() * 0xf0000)) +
      1 +
      Math.floor(this.rng() * 40);
    this.nextPid.set(node, pid);
    const pstart = Math.max(1, (starttime - (n?.bootedAt ?? starttime - 3600)) * 100);
    const upid = formatUpid({ node, pid, pstart, starttime, type, id, user: authid });
    const task: Task = {
      upid,
      node,
      pid,
      pstart,
      starttime,
      type,
      id,
      authid,
      status: 'running',
      log: [],
    };
    this.byUpid.set(upid, task);
    let list = this.perNode.get(node);
    if (!list) this.perNode.set(node, (list = []));
    list.push(task);
    return task;
  }

  /** A finished task from before the demo started (history for task lists and logs). */
  addHistoric(
    node: string,
    type: string,
    id: string,
    authid: string,
    starttime: number,
    seconds: number,
    log: string[],
    error?: string,
  ): Task {
    const task = this.allocate(node, type, id, authid, starttime);
    task.log = [...log, error ? `TASK ERROR: ${error}` : 'TASK OK'];
    task.status = 'stopped';
    task.exitstatus = error ?? 'OK';
    task.endtime = starttime + Math.round(seconds);
    return task;
  }

  /**
   * Start a worker. `plan` runs when the task gets its lock and returns the steps to play.
   * A plan that throws fails the task at once (after a short, realistic delay).
   */
  start(
    node: string,
    type: string,
    id: string,
    authid: string,
    plan: () => TaskStep[],
    opts: { lockKey?: string; onEnd?: (task: Task) => void } = {},
  ): Task {
    const task = this.allocate(node, type, id, authid, this.clock.now());
    const r: Running = { task, steps: [], lockKey: opts.lockKey, onEnd: opts.onEnd };
    const begin = (): void => {
      try {
        r.steps = plan();
      } catch (err) {
        r.steps = [
          {
            seconds: 0.2,
            action: () => {
              throw err;
            },
          },
        ];
      }
      this.next(r);
    };
    this.running.set(task.upid, r);
    if (opts.lockKey) {
      const q = this.queues.get(opts.lockKey);
      if (q) {
        q.push(r);
        // Waiting for the lock: the step plan is made once the previous task is done.
        r.begin = begin;
        return task;
      }
      this.queues.set(opts.lockKey, [r]);
    }
    begin();
    return task;
  }

  /**
   * A worker whose end is decided elsewhere (a console proxy ends with its session): log lines
   * as they happen, then `end()` with an error text or none for `TASK OK`.
   */
  startDetached(
    node: string,
    type: string,
    id: string,
    authid: string,
  ): { task: Task; log: (line: string) => void; end: (error?: string) => void } {
    const task = this.allocate(node, type, id, authid, this.clock.now());
    const r: Running = { task, steps: [] };
    this.running.set(task.upid, r);
    return {
      task,
      log: (line) => {
        if (task.status === 'running') task.log.push(line);
      },
      end: (error) => {
        if (this.running.get(task.upid) === r) this.finish(r, error);
      },
    };
  }

  private next(r: Running): void {
    if (this.held) {
      this.held.push(r);
      return;
    }
    const step = r.steps.shift();
    r.current = step;
    if (!step) {
      this.finish(r, undefined);
      return;
    }
    r.timer = this.scheduler.setTimeout(
      () => {
        r.timer = undefined;
        try {
          step.action?.(
            (line) => r.task.log.push(line),
            (line) => {
              r.task.log.push(line);
              r.warnings = (r.warnings ?? 0) + 1;
            },
          );
        } catch (err) {
          this.finish(r, err instanceof Error ? err.message : String(err));
          return;
        }
        this.next(r);
      },
      step.seconds * 1000 * this.timeScale,
      { label: `demo task ${r.task.type}` },
    );
  }

  private finish(r: Running, error: string | undefined): void {
    const { task } = r;
    void r.timer?.dispose();
    r.timer = undefined;
    const ok = r.warnings ? `WARNINGS: ${r.warnings}` : 'OK';
    task.log.push(error === undefined ? `TASK ${ok}` : `TASK ERROR: ${error}`);
    task.status = 'stopped';
    task.exitstatus = error ?? ok;
    task.endtime = this.clock.now();
    this.running.delete(task.upid);
    if (r.lockKey) {
      const q = this.queues.get(r.lockKey);
      if (q) {
        const i = q.indexOf(r);
        const wasHead = i === 0;
        if (i >= 0) q.splice(i, 1);
        if (q.length === 0) this.queues.delete(r.lockKey);
        else if (wasHead && !this.closed) {
          q[0]!.begin?.();
        }
      }
    }
    if (!this.closed) r.onEnd?.(task);
  }

  /**
   * Test knob: while held, running tasks make no progress (each waits before its next step, its
   * locks kept), so a test can look at a running task however slow the machine; releasing lets
   * them go on, in the order they stopped.
   */
  hold(hold: boolean): void {
    if (hold) {
      this.held ??= [];
      return;
    }
    const held = this.held ?? [];
    this.held = undefined;
    for (const r of held) if (this.running.get(r.task.upid) === r) this.next(r);
  }

  /** DELETE …/tasks/{upid}: a running task is interrupted like a worker getting SIGTERM. */
  stop(upid: string): void {
    const r = this.running.get(upid);
    if (!r) return;
    const trap = r.current?.interrupt;
    if (!trap || !r.timer) {
      this.finish(r, 'received interrupt');
      return;
    }
    void r.timer.dispose();
    r.timer = undefined;
    try {
      trap((line) => r.task.log.push(line));
    } catch (err) {
      this.finish(r, err instanceof Error ? err.message : String(err));
      return;
    }
    while (r.steps[0]?.interrupt === trap) r.steps.shift();
    this.next(r);
  }

  /** Stop every worker's timer; running tasks stay as they are (the cluster is going away). */
  dispose(): void {
    this.closed = true;
    for (const r of this.running.values()) void r.timer?.dispose();
    this.running.clear();
    this.queues.clear();
  }
}
