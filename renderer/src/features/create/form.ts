// The Create wizard's form: its text fields as typed, their defaults, the spec they make, which
// step shows each field, and the field errors a step has (PVE's rules, shared/create.ts).

import {
  validateCreate,
  type CreateField,
  type CreateOptions,
  type CreateSpec,
  type FieldErrors,
} from '../../../../shared/create';
import type { GuestType } from '../../../../shared/model';

export interface CreateForm {
  node: string;
  vmid: string;
  name: string;
  pool: string | null;
  password: string;
  sshKeys: string;
  unprivileged: boolean;
  template: string | null;
  iso: string | null;
  ostype: string;
  diskStorage: string | null;
  diskGiB: string;
  cores: string;
  memoryMiB: string;
  swapMiB: string;
  balloonMiB: string;
  bridge: string | null;
  vlan: string;
  ipMode: 'dhcp' | 'static';
  ip: string;
  gw: string;
  firewall: boolean;
  cloudInit: boolean;
  ciUser: string;
  start: boolean;
}

export type StepKey = 'general' | 'os' | 'disk' | 'cpu' | 'network' | 'cloudinit' | 'confirm';

export const STEP_LABELS: Record<StepKey, string> = {
  general: 'General',
  os: 'Template',
  disk: 'Disk',
  cpu: 'CPU & memory',
  network: 'Network',
  cloudinit: 'Cloud-init',
  confirm: 'Confirm',
};

export function stepsFor(type: GuestType): StepKey[] {
  return type === 'lxc'
    ? ['general', 'os', 'disk', 'cpu', 'network', 'confirm']
    : ['general', 'os', 'disk', 'cpu', 'network', 'cloudinit', 'confirm'];
}

const STEP_FIELDS: Record<StepKey, readonly CreateField[]> = {
  general: ['node', 'vmid', 'name', 'pool', 'password', 'unprivileged'],
  os: ['template', 'iso', 'ostype'],
  disk: ['diskStorage', 'diskGiB'],
  cpu: ['cores', 'memoryMiB', 'swapMiB', 'balloonMiB'],
  network: ['bridge', 'vlan', 'ip', 'gw'],
  cloudinit: ['cloudInit', 'ciUser'],
  confirm: ['start'],
};

/** The step that shows a field (an SSH key is General's for a CT, Cloud-init's for a VM). */
export function stepOf(field: string, type: GuestType): StepKey {
  if (field === 'sshKeys') return type === 'lxc' ? 'general' : 'cloudinit';
  for (const [step, fields] of Object.entries(STEP_FIELDS) as [StepKey, readonly string[]][]) {
    if (fields.includes(field)) return step;
  }
  return 'confirm';
}

export function defaultForm(type: GuestType, node: string): CreateForm {
  return {
    node,
    vmid: '',
    name: '',
    pool: null,
    password: '',
    sshKeys: '',
    unprivileged: true,
    template: null,
    iso: null,
    ostype: 'l26',
    diskStorage: null,
    diskGiB: type === 'lxc' ? '8' : '32',
    cores: type === 'lxc' ? '1' : '2',
    memoryMiB: type === 'lxc' ? '512' : '2048',
    swapMiB: '512',
    balloonMiB: '',
    bridge: null,
    vlan: '',
    ipMode: 'dhcp',
    ip: '',
    gw: '',
    firewall: true,
    cloudInit: false,
    ciUser: '',
    start: true,
  };
}

const num = (t: string): number => (t.trim() === '' ? NaN : Number(t.trim()));

export function toSpec(form: CreateForm, type: GuestType, profileId: string): CreateSpec {
  const spec: CreateSpec = {
    profileId,
    node: form.node,
    type,
    vmid: num(form.vmid),
    cores: num(form.cores),
    memoryMiB: num(form.memoryMiB),
    diskStorage: form.diskStorage ?? '',
    diskGiB: num(form.diskGiB),
    net: {
      bridge: form.bridge ?? '',
      ip: form.ipMode === 'dhcp' ? 'dhcp' : form.ip.trim(),
      firewall: form.firewall,
    },
    start: form.start,
  };
  if (form.name.trim()) spec.name = form.name.trim();
  if (form.pool) spec.pool = form.pool;
  if (form.vlan.trim()) spec.net.vlan = num(form.vlan);
  if (form.ipMode === 'static' && form.gw.trim()) spec.net.gw = form.gw.trim();
  if (type === 'lxc') {
    if (form.template) spec.template = form.template;
    spec.swapMiB = num(form.swapMiB);
    if (form.password) spec.password = form.password;
    if (form.sshKeys.trim()) spec.sshKeys = form.sshKeys;
    spec.unprivileged = form.unprivileged;
  } else {
    if (form.iso) spec.iso = form.iso;
    spec.ostype = form.ostype;
    if (form.balloonMiB.trim()) spec.balloonMiB = num(form.balloonMiB);
    if (form.cloudInit) {
      spec.cloudInit = { storage: form.diskStorage ?? '' };
      if (form.ciUser.trim()) spec.cloudInit.user = form.ciUser.trim();
      if (form.sshKeys.trim()) spec.sshKeys = form.sshKeys;
    }
  }
  return spec;
}

/** Every field error of the form (before sending). */
export function formErrors(
  form: CreateForm,
  type: GuestType,
  profileId: string,
  options: CreateOptions | undefined,
): FieldErrors {
  const e = validateCreate(toSpec(form, type, profileId), options);
  if (type === 'qemu' && !form.cloudInit) delete e.sshKeys;
  if (form.ipMode === 'static' && !form.ip.trim()) e.ip = 'An IPv4 address with prefix';
  return e;
}

export function stepErrors(errors: Record<string, string>, step: StepKey, type: GuestType) {
  return Object.keys(errors).filter((f) => stepOf(f, type) === step);
}
