// The Create wizard (issue 13): a container or a VM, step by step (General, Template/OS, Disk,
// CPU & memory, Network, Cloud-init for VMs, Confirm). What PVE would refuse is shown at the
// field before anything is sent: a step's errors appear as its fields are edited or when Next is
// pressed, and the steps with errors are marked. Create sends once; PVE's 400 parameter errors
// come back on their fields (the wizard goes to the first such step), other refusals and a
// failed task above the buttons.

import { Alert, Button, Group, Loader, Modal, Stepper, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import type { CreateOptions } from '../../../../shared/create';
import type { GuestType } from '../../../../shared/model';
import { useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';
import { useIdCheck } from '../clone/fields/NewIdField';
import { ConfirmStep } from './ConfirmStep';
import {
  defaultForm,
  formErrors,
  STEP_LABELS,
  stepErrors,
  stepOf,
  stepsFor,
  toSpec,
  type CreateForm,
  type StepKey,
} from './form';
import { GeneralStep } from './GeneralStep';
import { CloudInitStep, NetworkStep } from './NetworkSteps';
import { CpuStep, DiskStep, OsStep } from './ResourceSteps';

export function CreateWizard({
  profileId,
  type,
  node,
  onClose,
}: {
  profileId: string;
  type: GuestType;
  node: string;
  onClose(): void;
}) {
  const { api } = useController();
  const steps = stepsFor(type);
  const [active, setActive] = useState(0);
  const [form, setForm] = useState<CreateForm>(() => defaultForm(type, node));
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [tried, setTried] = useState<Set<StepKey>>(new Set());
  const [options, setOptions] = useState<CreateOptions>();
  const [optionsError, setOptionsError] = useState<string>();
  const [server, setServer] = useState<Record<string, string>>({});
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string>();
  const id = useIdCheck(profileId, form.vmid, server.vmid);

  // The cluster's next id, once.
  useEffect(() => {
    let live = true;
    api.invoke('clone.nextIds', { profileId, count: 1 }).then(
      (ids) =>
        live &&
        ids[0] !== undefined &&
        setForm((f) => (f.vmid ? f : { ...f, vmid: String(ids[0]) })),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, profileId]);

  // What the node offers; choices that are the only ones are taken.
  useEffect(() => {
    let live = true;
    setOptions(undefined);
    setOptionsError(undefined);
    api.invoke('create.options', { profileId, node: form.node, type }).then(
      (o) => {
        if (!live) return;
        setOptions(o);
        setForm((f) => ({
          ...f,
          diskStorage: o.diskStorages.some((s) => s.storage === f.diskStorage)
            ? f.diskStorage
            : (o.diskStorages[0]?.storage ?? null),
          bridge: o.bridges.some((b) => b.iface === f.bridge)
            ? f.bridge
            : (o.bridges[0]?.iface ?? null),
          template: o.templates.some((t) => t.volid === f.template) ? f.template : null,
          iso: o.isos.some((t) => t.volid === f.iso) ? f.iso : null,
        }));
      },
      (err: unknown) => live && setOptionsError(describeError(err)),
    );
    return () => {
      live = false;
    };
  }, [api, profileId, type, form.node]);

  const local = useMemo(
    () => formErrors(form, type, profileId, options),
    [form, type, profileId, options],
  );
  const errors: Record<string, string> = { ...local, ...server };
  if (id.problem) errors.vmid = id.problem;
  const stepKey = steps[active]!;
  const err = (field: string): string | undefined =>
    touched.has(field) || tried.has(stepOf(field, type)) ? errors[field] : undefined;
  const set = (patch: Partial<CreateForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setTouched((t) => new Set([...t, ...Object.keys(patch)]));
    setServer((s) => {
      const next = { ...s };
      for (const k of Object.keys(patch)) delete next[k];
      return next;
    });
    setFailure(undefined);
  };
  const stepHasErrors = (s: StepKey) => stepErrors(errors, s, type).length > 0;
  const tryStep = (s: StepKey) => setTried((t) => new Set([...t, s]));

  const next = () => {
    tryStep(stepKey);
    if (stepHasErrors(stepKey) || (stepKey === 'general' && id.checking)) return;
    setActive((a) => Math.min(a + 1, steps.length - 1));
  };

  const create = async () => {
    setTried(new Set(steps));
    const bad = steps.find(stepHasErrors);
    if (bad) {
      setActive(steps.indexOf(bad));
      return;
    }
    setSending(true);
    setFailure(undefined);
    try {
      const out = await api.invoke('create.run', toSpec(form, type, profileId));
      if (out.state === 'ok') {
        onClose();
        return;
      }
      if (out.errors && Object.keys(out.errors).length > 0) {
        setServer(out.errors);
        const first = steps.find((s) =>
          Object.keys(out.errors!).some((f) => stepOf(f, type) === s),
        );
        if (first) setActive(steps.indexOf(first));
        setFailure('PVE refused some values; they are marked at their fields.');
      } else {
        setFailure(out.message ?? 'The create failed');
      }
    } catch (e) {
      setFailure(describeError(e));
    } finally {
      setSending(false);
    }
  };

  const p = { profileId, type, form, set, err, options };
  const spec = toSpec(form, type, profileId);
  const kind = type === 'lxc' ? 'container' : 'virtual machine';
  return (
    <Modal
      opened
      onClose={() => !sending && onClose()}
      title={
        <Text fw={600} size="sm">
          Create {kind}
        </Text>
      }
      size={720}
      padding="sm"
      closeOnClickOutside={false}
      data-testid="create-wizard"
    >
      <Group align="stretch" gap="md" wrap="nowrap">
        <Stepper
          active={active}
          onStepClick={(i) => !sending && setActive(i)}
          orientation="vertical"
          size="xs"
          allowNextStepsSelect
          w={150}
          style={{ flexShrink: 0 }}
        >
          {steps.map((s) => (
            <Stepper.Step
              key={s}
              label={STEP_LABELS[s]}
              color={tried.has(s) && stepHasErrors(s) ? 'red' : undefined}
              icon={tried.has(s) && stepHasErrors(s) ? <IconAlertTriangle size={12} /> : undefined}
              data-testid={`create-step-${s}`}
            />
          ))}
        </Stepper>
        <div
          style={{ flex: 1, minWidth: 0, minHeight: 300, display: 'flex', flexDirection: 'column' }}
        >
          {optionsError && (
            <Alert color="red" variant="light" py={6} mb="xs">
              Could not read what {form.node} offers: {optionsError}
            </Alert>
          )}
          <div style={{ flex: 1 }}>
            {stepKey === 'general' && <GeneralStep {...p} id={id} />}
            {stepKey === 'os' && <OsStep {...p} />}
            {stepKey === 'disk' && <DiskStep {...p} />}
            {stepKey === 'cpu' && <CpuStep {...p} />}
            {stepKey === 'network' && <NetworkStep {...p} />}
            {stepKey === 'cloudinit' && <CloudInitStep {...p} />}
            {stepKey === 'confirm' && (
              <ConfirmStep spec={spec} start={form.start} onStart={(start) => set({ start })} />
            )}
          </div>
          {failure && (
            <Alert
              color="red"
              variant="light"
              py={6}
              mt="xs"
              role="alert"
              data-testid="create-failure"
            >
              {failure}
            </Alert>
          )}
          <Group justify="space-between" mt="sm">
            <Text size="xs" c="dimmed">
              {sending ? (
                <Group gap={6} component="span">
                  <Loader size={12} /> Creating {type === 'lxc' ? 'CT' : 'VM'} {form.vmid}…
                </Group>
              ) : (
                `Step ${active + 1} of ${steps.length}`
              )}
            </Text>
            <Group gap="xs">
              <Button size="xs" variant="default" onClick={onClose} disabled={sending}>
                Cancel
              </Button>
              {active > 0 && (
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => setActive(active - 1)}
                  disabled={sending}
                >
                  Back
                </Button>
              )}
              {stepKey !== 'confirm' ? (
                <Button size="xs" onClick={next} data-testid="create-next">
                  Next
                </Button>
              ) : (
                <Button
                  size="xs"
                  onClick={() => void create()}
                  loading={sending}
                  data-testid="create-submit"
                >
                  Create
                </Button>
              )}
            </Group>
          </Group>
        </div>
      </Group>
    </Modal>
  );
}
