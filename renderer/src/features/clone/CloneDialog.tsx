// Clone a guest or a template: the new id (the cluster's next id, checked free at the field),
// the name by PVE's DNS-name rule (a pattern for several copies, with the names it gives),
// linked or full (linked only from a template), target node, target storage (full clones), pool
// and description. Several copies run one after another in core, each a task in the tasks strip;
// PVE's refusals are shown at their field (a 400's parameter errors) or above the buttons.

import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { CLONE_MAX_COPIES, copyNames, type CloneOutcome } from '../../../../shared/clone';
import type { GuestResource } from '../../../../shared/model';
import { useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';
import { guestDisplayName, guestKindLabel } from '../../ui/status';
import { GuestNameField, namePatternProblem } from './fields/GuestNameField';
import { NewIdField, useIdCheck } from './fields/NewIdField';
import {
  PoolField,
  TargetNodeField,
  TargetStorageField,
  useGuestStorages,
} from './fields/PlacementFields';

export function CloneDialog({
  profileId,
  guest,
  opened,
  onClose,
}: {
  profileId: string;
  guest: GuestResource;
  opened: boolean;
  onClose(): void;
}) {
  const { api } = useController();
  const { node, type, vmid } = guest;
  const [idText, setIdText] = useState('');
  const [idTouched, setIdTouched] = useState(false);
  const [nextIds, setNextIds] = useState<number[]>([]);
  const [count, setCount] = useState(1);
  const [name, setName] = useState('');
  const [full, setFull] = useState(!guest.template);
  const [target, setTarget] = useState(node);
  const [storage, setStorage] = useState<string | null>(null);
  const [pool, setPool] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [outcomes, setOutcomes] = useState<CloneOutcome[]>();

  useEffect(() => {
    if (!opened) return;
    setIdText('');
    setIdTouched(false);
    setNextIds([]);
    setCount(1);
    setName('');
    setFull(!guest.template);
    setTarget(node);
    setStorage(null);
    setPool(null);
    setDescription('');
    setError(undefined);
    setFieldErrors({});
    setOutcomes(undefined);
    // Opened for this guest: later changes to the guest do not reset the form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened]);

  // The cluster's next free ids, as many as there are copies, until the user types an id.
  useEffect(() => {
    if (!opened || idTouched) return;
    let live = true;
    api.invoke('clone.nextIds', { profileId, count }).then(
      (ids) => {
        if (!live) return;
        setNextIds(ids);
        setIdText(String(ids[0]));
      },
      (err: unknown) => live && setError(describeError(err)),
    );
    return () => {
      live = false;
    };
  }, [api, opened, idTouched, profileId, count]);

  const idState = useIdCheck(profileId, idText, fieldErrors.newid);
  const ids = useMemo(() => {
    const first = idState.vmid;
    if (first === undefined) return Array.from({ length: count }, () => undefined);
    if (!idTouched && nextIds[0] === first && nextIds.length >= count)
      return nextIds.slice(0, count);
    return Array.from({ length: count }, (_, i) => first + i);
  }, [idState.vmid, idTouched, nextIds, count]);

  const storages = useGuestStorages(profileId, target, type);
  const nameProblem = namePatternProblem(name, count);
  const runningCtFull =
    type === 'lxc' && full && guest.status === 'running'
      ? 'PVE makes a full clone of a running container only from a snapshot: shut it down first.'
      : undefined;
  const canSend =
    !sending &&
    idState.vmid !== undefined &&
    !idState.problem &&
    !idState.checking &&
    ids.every((i) => i !== undefined) &&
    !nameProblem &&
    !runningCtFull;

  const send = () => {
    if (!canSend) return;
    const names = copyNames(name, count);
    setSending(true);
    setError(undefined);
    setFieldErrors({});
    setOutcomes(undefined);
    api
      .invoke('clone.run', {
        profileId,
        node,
        type,
        vmid,
        copies: ids.map((newid, i) => ({ newid: newid!, ...(names[i] ? { name: names[i] } : {}) })),
        ...(guest.template ? { full } : {}),
        ...(target !== node ? { target } : {}),
        ...(full && storage ? { storage } : {}),
        ...(pool ? { pool } : {}),
        ...(description.trim() ? { description: description.trim() } : {}),
      })
      .then(
        (out) => {
          setSending(false);
          if (out.every((o) => o.state === 'ok')) {
            onClose();
            return;
          }
          setOutcomes(out);
          const failed = out.find((o) => o.state === 'failed');
          if (failed?.errors) setFieldErrors(failed.errors);
          // "can't clone VM to node 'pve2' (VM uses local storage)" is about the target node.
          else if (failed?.message && /^can't clone \S+ to node /.test(failed.message)) {
            setFieldErrors({ target: failed.message });
          } else if (failed?.message) setError(failed.message);
        },
        (err: unknown) => {
          setSending(false);
          setError(describeError(err));
        },
      );
  };

  const label = `${guestKindLabel(guest)} (${guestDisplayName(guest)})`;
  const what = type === 'qemu' ? 'Name' : 'Hostname';
  return (
    <Modal
      opened={opened}
      onClose={sending ? () => undefined : onClose}
      title={`Clone ${guest.template ? 'template ' : ''}${label}`}
      size="lg"
    >
      <Stack gap="sm" data-testid="clone-dialog">
        <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
          <NewIdField
            label={count > 1 ? 'First new id' : 'New id'}
            value={idText}
            onChange={(v) => {
              setIdTouched(true);
              setIdText(v);
              setFieldErrors(({ newid: _, ...rest }) => rest);
            }}
            state={idState}
          />
          <NumberInput
            size="xs"
            label="Copies"
            min={1}
            max={CLONE_MAX_COPIES}
            value={count}
            onChange={(v) => setCount(Math.min(CLONE_MAX_COPIES, Math.max(1, Number(v) || 1)))}
            data-testid="clone-count"
          />
        </SimpleGrid>
        <GuestNameField
          label={what}
          value={name}
          onChange={(v) => {
            setName(v);
            setFieldErrors(({ name: _, ...rest }) => rest);
          }}
          count={count}
          ids={ids}
          placeholder={type === 'qemu' ? `Copy-of-VM-${guest.name ?? vmid}` : (guest.name ?? '')}
          error={fieldErrors.name}
        />
        <div>
          <Text size="xs" fw={500} mb={4}>
            Mode
          </Text>
          {guest.template ? (
            <SegmentedControl
              size="xs"
              value={full ? 'full' : 'linked'}
              onChange={(v) => setFull(v === 'full')}
              data={[
                { value: 'linked', label: 'Linked clone' },
                { value: 'full', label: 'Full clone' },
              ]}
              data-testid="clone-mode"
            />
          ) : (
            <Text size="sm">Full clone</Text>
          )}
          <Text size="xs" c={runningCtFull ? 'orange' : 'dimmed'} mt={4}>
            {runningCtFull ??
              (!guest.template
                ? 'Only a template can be cloned linked; a guest is always copied in full.'
                : full
                  ? 'An independent copy of every disk: slower, and it takes the full space.'
                  : 'Shares the template’s disks and stores only changes: fast and small, but the template must stay.')}
          </Text>
        </div>
        <SimpleGrid cols={3} spacing="sm" verticalSpacing="xs">
          <TargetNodeField
            profileId={profileId}
            value={target}
            onChange={(n) => {
              setTarget(n);
              setStorage(null);
              setFieldErrors(({ target: _, ...rest }) => rest);
            }}
            sourceNode={node}
            error={fieldErrors.target}
          />
          <TargetStorageField
            storages={storages}
            value={full ? storage : null}
            onChange={setStorage}
            disabled={!full}
            placeholder={full ? 'Same as the source' : 'The template’s (linked)'}
            error={fieldErrors.storage}
          />
          <PoolField
            profileId={profileId}
            value={pool}
            onChange={setPool}
            error={fieldErrors.pool}
          />
        </SimpleGrid>
        <Textarea
          size="xs"
          label="Description"
          autosize
          minRows={1}
          maxRows={4}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={fieldErrors.description}
        />
        {outcomes && outcomes.length > 1 && (
          <Stack gap={2} data-testid="clone-outcomes">
            {outcomes.map((o) => (
              <Text
                key={o.newid}
                size="xs"
                c={o.state === 'failed' ? 'red' : o.state === 'ok' ? undefined : 'dimmed'}
              >
                {o.newid} {o.name ?? ''}:{' '}
                {o.state === 'ok'
                  ? 'cloned'
                  : o.state === 'failed'
                    ? (o.message ?? 'failed')
                    : 'not started'}
              </Text>
            ))}
          </Stack>
        )}
        {error && (
          <Alert color="red" variant="light" p="xs" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="space-between" gap="xs">
          <Text size="xs" c="dimmed">
            {sending
              ? count > 1
                ? `Cloning ${String(count)} copies one after another — each shows in Tasks.`
                : 'Cloning — the task shows in Tasks.'
              : ''}
          </Text>
          <Group gap="xs">
            <Button variant="default" size="xs" onClick={onClose} disabled={sending}>
              Cancel
            </Button>
            <Button
              size="xs"
              onClick={send}
              disabled={!canSend}
              loading={sending}
              data-testid="clone-submit"
            >
              {count > 1 ? `Clone ${String(count)} copies` : 'Clone'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
