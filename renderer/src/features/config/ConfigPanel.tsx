// A guest's options (the "Options" tab): cores, memory (a VM's balloon, a container's swap), name,
// notes (Markdown), tags (in the cluster's colours), start at boot with its order, protection;
// then its disks and network interfaces (Hardware.tsx). PVE's limits checked at each field. Values that
// wait for a restart are marked pending with "reboot to apply" and a revert. A save whose digest
// went stale shows what someone else changed and offers to re-apply the user's changes on the
// fresh config. Self-contained: give it the profile and the guest.

import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Divider,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconArrowBackUp, IconDeviceFloppy, IconLock } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import {
  LIMITS,
  OPTION_KEYS,
  optionProblem,
  sameOption,
  type GuestOptions,
  type OptionChanges,
  type OptionKey,
} from '../../../../shared/config';
import type { GuestResource } from '../../../../shared/model';
import { ConflictAlert } from './ConflictAlert';
import { Hardware } from './Hardware';
import { NotesField } from './NotesField';
import { formatOption, optionLabel } from './optionText';
import { TagPill, useTagColors } from './tagColors';
import { useGuestConfig } from './useGuestConfig';

export function ConfigPanel({ profileId, guest }: { profileId: string; guest: GuestResource }) {
  const st = useGuestConfig(profileId, guest);
  const tagColors = useTagColors(profileId);
  const [draft, setDraft] = useState<OptionChanges>({});
  const [confirmUnlock, setConfirmUnlock] = useState(false);
  const { config, conflict } = st;
  if (!config) {
    return st.error ? (
      <Alert color="red" variant="light" py={6}>
        {st.error}
      </Alert>
    ) : (
      <Text size="sm" c="dimmed">
        Reading the configuration…
      </Text>
    );
  }
  const type = guest.type;
  const values = config.values;
  const value = <K extends OptionKey>(k: K): GuestOptions[K] =>
    (k in draft ? draft[k] : values[k]) as GuestOptions[K];
  const changes: OptionChanges = {};
  for (const k of OPTION_KEYS) {
    if (k in draft && !sameOption(draft[k], values[k])) {
      (changes as Record<string, unknown>)[k] = draft[k];
    }
  }
  const merged = { ...values, ...changes };
  const problems: Partial<Record<OptionKey, string>> = {};
  for (const k of Object.keys(changes) as OptionKey[]) {
    const p = optionProblem(type, k, changes[k], merged);
    if (p) problems[k] = p;
  }
  const dirty = Object.keys(changes).length > 0;
  const valid = Object.keys(problems).length === 0;
  const set = <K extends OptionKey>(k: K, v: GuestOptions[K]) =>
    setDraft((d) => ({ ...d, [k]: v }));

  const pendingMark = (k: OptionKey): ReactNode =>
    config.pending.includes(k) ? (
      <Group gap={4} wrap="nowrap" data-testid={`pending-${k}`}>
        <Tooltip label={`Now ${formatOption(k, config.current[k])}; applied at the next reboot`}>
          <Badge size="xs" color="yellow" variant="light">
            pending · reboot to apply
          </Badge>
        </Tooltip>
        <Tooltip label={`Revert: keep ${formatOption(k, config.current[k])}`}>
          <ActionIcon
            size="xs"
            variant="subtle"
            aria-label={`Revert ${optionLabel(k, type)}`}
            disabled={st.busy}
            onClick={() => void st.revert([k])}
          >
            <IconArrowBackUp size={12} />
          </ActionIcon>
        </Tooltip>
      </Group>
    ) : null;
  const label = (k: OptionKey): ReactNode => (
    <Group gap={6} wrap="nowrap" component="span">
      <span>{optionLabel(k, type)}</span>
      {pendingMark(k)}
    </Group>
  );
  const num = (
    k: 'cores' | 'memory' | 'balloon' | 'swap',
    min: number,
    max: number,
    suffix?: string,
  ) => (
    <NumberInput
      size="xs"
      label={label(k)}
      min={min}
      max={max}
      allowDecimal={false}
      clampBehavior="none"
      suffix={suffix}
      placeholder={k === 'balloon' ? 'same as memory' : k === 'swap' ? '512 MiB' : undefined}
      value={value(k) ?? ''}
      error={problems[k]}
      data-testid={`option-${k}`}
      onChange={(v) =>
        set(k, v === '' ? (k === 'balloon' || k === 'swap' ? undefined : Number.NaN) : Number(v))
      }
    />
  );
  const startup = value('startup');
  const setStartup = (part: 'order' | 'up' | 'down', v: string | number) =>
    set('startup', { ...startup, [part]: v === '' ? undefined : Number(v) });

  const save = (c: OptionChanges, digest: string) =>
    void st.save(c, digest).then((ok) => {
      if (ok) setDraft({});
    });

  return (
    <Stack gap="sm" maw={760} data-testid="config-panel">
      {conflict && (
        <ConflictAlert
          conflict={conflict}
          type={type}
          busy={st.busy}
          onReapply={() => {
            const { mine, fresh, redo } = conflict;
            st.takeFresh();
            if (redo) {
              void redo.run(fresh.digest);
              return;
            }
            setDraft(mine);
            save(mine, fresh.digest);
          }}
          onDiscard={() => {
            st.takeFresh();
            setDraft({});
          }}
        />
      )}
      {config.lock && (
        <Group gap="xs" data-testid="config-lock">
          <IconLock size={14} aria-hidden />
          <Text size="sm">
            Locked ({config.lock}): PVE refuses changes while a task holds it.
            {type === 'lxc'
              ? ` A stale lock is removed on the node: pct unlock ${guest.vmid}.`
              : ' A lock left by a task that failed can be removed (root@pam only).'}
          </Text>
          {type === 'qemu' &&
            (confirmUnlock ? (
              <>
                <Button
                  size="compact-xs"
                  color="red"
                  variant="light"
                  loading={st.busy}
                  onClick={() => void st.unlock().then(() => setConfirmUnlock(false))}
                >
                  Remove the {config.lock} lock
                </Button>
                <Button size="compact-xs" variant="default" onClick={() => setConfirmUnlock(false)}>
                  Cancel
                </Button>
              </>
            ) : (
              <Button size="compact-xs" variant="default" onClick={() => setConfirmUnlock(true)}>
                Remove lock…
              </Button>
            ))}
        </Group>
      )}
      {st.error && (
        <Alert color="red" variant="light" py={6} data-testid="config-error">
          {st.error}
        </Alert>
      )}
      {config.pending.length > 0 && (
        <Group gap="xs" data-testid="config-pending">
          <Text size="sm" c="yellow.7">
            {config.pending.map((k) => optionLabel(k, type)).join(', ')}{' '}
            {config.pending.length === 1 ? 'waits' : 'wait'} for a reboot to apply.
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconArrowBackUp size={12} />}
            disabled={st.busy}
            onClick={() => void st.revert(config.pending)}
          >
            Revert all
          </Button>
        </Group>
      )}
      <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm" verticalSpacing={6}>
        {num('cores', LIMITS.cores[type].min, LIMITS.cores[type].max)}
        {num('memory', LIMITS.memory.min, LIMITS.memory.max, ' MiB')}
        {type === 'qemu'
          ? num('balloon', 0, LIMITS.memory.max, ' MiB')
          : num('swap', LIMITS.swap.min, LIMITS.swap.max, ' MiB')}
      </SimpleGrid>
      <SimpleGrid cols={2} spacing="sm" verticalSpacing={6}>
        <TextInput
          size="xs"
          label={label('name')}
          value={value('name')}
          error={problems.name}
          data-testid="option-name"
          onChange={(e) => set('name', e.currentTarget.value)}
        />
        <TagsInput
          size="xs"
          label={label('tags')}
          value={value('tags')}
          error={problems.tags}
          data-testid="option-tags"
          onChange={(t) => set('tags', t)}
          renderPill={({ value: tag, onRemove }) =>
            tag ? <TagPill tag={tag} color={tagColors[tag]} onRemove={onRemove} /> : null
          }
        />
      </SimpleGrid>
      <NotesField
        label={label('description')}
        value={value('description')}
        error={problems.description}
        onChange={(v) => set('description', v)}
      />
      <Group gap="lg" align="flex-end" wrap="wrap">
        <Switch
          size="xs"
          label={label('onboot')}
          checked={value('onboot')}
          data-testid="option-onboot"
          onChange={(e) => set('onboot', e.currentTarget.checked)}
        />
        <Switch
          size="xs"
          label={label('protection')}
          checked={value('protection')}
          data-testid="option-protection"
          onChange={(e) => set('protection', e.currentTarget.checked)}
        />
        {(['order', 'up', 'down'] as const).map((part) => (
          <NumberInput
            key={part}
            size="xs"
            w={110}
            label={
              part === 'order' ? 'Start order' : part === 'up' ? 'Up delay (s)' : 'Down delay (s)'
            }
            min={0}
            max={LIMITS.startup.max}
            allowDecimal={false}
            placeholder="any"
            value={startup[part] ?? ''}
            error={part === 'order' ? problems.startup : undefined}
            onChange={(v) => setStartup(part, v)}
          />
        ))}
      </Group>
      <Group gap="xs">
        <Button
          size="compact-sm"
          leftSection={<IconDeviceFloppy size={14} />}
          disabled={!dirty || !valid || !!conflict}
          loading={st.busy && !conflict}
          data-testid="config-save"
          onClick={() => save(changes, config.digest)}
        >
          Save
        </Button>
        <Button
          size="compact-sm"
          variant="default"
          disabled={!dirty || st.busy}
          onClick={() => setDraft({})}
        >
          Reset
        </Button>
        {guest.status === 'running' && (
          <Text size="xs" c="dimmed">
            Changes a running {type === 'qemu' ? 'VM' : 'container'} cannot take at once stay
            pending until it reboots.
          </Text>
        )}
      </Group>
      <Divider />
      <Hardware profileId={profileId} guest={guest} config={config} st={st} />
    </Stack>
  );
}
