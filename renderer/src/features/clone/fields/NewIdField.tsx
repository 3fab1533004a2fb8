// A new guest id at the field: a number in PVE's range, checked free with the cluster
// (GET /cluster/nextid?vmid=) a moment after each change; PVE's words when it is taken.

import { TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useController } from '../../../store/hooks';
import { Debounced } from '../../../ui/debounce';
import { describeError } from '../../../ui/describeError';

export interface IdState {
  /** the id typed, undefined when not a number */
  vmid: number | undefined;
  /** what is wrong, for the field; undefined once it is known free */
  problem: string | undefined;
  /** the free check is under way */
  checking: boolean;
}

export function idProblem(text: string): string | undefined {
  if (!/^\d+$/.test(text.trim())) return 'A number from 100 to 999999999';
  const n = Number(text);
  if (n < 100 || n > 999_999_999) return 'A number from 100 to 999999999';
  return undefined;
}

/** Check `text` free with the cluster, after a pause; the state for the field. */
export function useIdCheck(profileId: string, text: string, serverError?: string): IdState {
  const controller = useController();
  const [state, setState] = useState<IdState>({
    vmid: undefined,
    problem: undefined,
    checking: false,
  });
  useEffect(() => {
    const local = idProblem(text);
    if (local) {
      setState({ vmid: undefined, problem: local, checking: false });
      return;
    }
    const vmid = Number(text);
    let live = true;
    setState({ vmid, problem: undefined, checking: true });
    const d = new Debounced(
      controller.scheduler,
      250,
      () => {
        controller.api.invoke('clone.checkId', { profileId, vmid }).then(
          (r) =>
            live && setState({ vmid, problem: r.free ? undefined : r.message, checking: false }),
          (err: unknown) =>
            live && setState({ vmid, problem: describeError(err), checking: false }),
        );
      },
      'clone id check',
    );
    d.schedule();
    return () => {
      live = false;
      d.dispose();
    };
  }, [controller, profileId, text]);
  return serverError ? { ...state, problem: serverError } : state;
}

export function NewIdField({
  label = 'New id',
  value,
  onChange,
  state,
  description,
}: {
  label?: string;
  value: string;
  onChange(v: string): void;
  state: IdState;
  description?: string;
}) {
  return (
    <TextInput
      size="xs"
      label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      error={state.problem}
      description={description}
      inputMode="numeric"
      autoComplete="off"
      data-testid="clone-newid"
      rightSection={state.checking ? <span aria-label="checking">…</span> : undefined}
    />
  );
}
