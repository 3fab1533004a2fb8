// How the options panel names and shows option values (labels per guest type, values in words).

import { formatStartup, type GuestOptions, type OptionKey } from '../../../../shared/config';
import type { GuestType } from '../../../../shared/model';

const LABELS: Record<OptionKey, string> = {
  cores: 'Cores',
  memory: 'Memory',
  balloon: 'Minimum memory (balloon)',
  swap: 'Swap',
  name: 'Name',
  description: 'Notes',
  tags: 'Tags',
  onboot: 'Start at boot',
  startup: 'Start order',
  protection: 'Protection',
};

export function optionLabel(key: OptionKey, type: GuestType): string {
  return key === 'name' && type === 'lxc' ? 'Hostname' : LABELS[key];
}

export function formatOption(key: OptionKey, v: unknown): string {
  if (v === undefined || v === '') return '–';
  switch (key) {
    case 'memory':
    case 'balloon':
    case 'swap':
      return `${String(v)} MiB`;
    case 'onboot':
    case 'protection':
      return v ? 'Yes' : 'No';
    case 'tags':
      return Array.isArray(v) && v.length ? v.join(', ') : '–';
    case 'startup':
      return formatStartup(v as GuestOptions['startup']) || '–';
    case 'description': {
      const s = String(v);
      return s.length > 60 ? `${s.slice(0, 57)}…` : s;
    }
    default:
      return String(v);
  }
}
