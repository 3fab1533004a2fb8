// A guest's name (a VM's `name`, a container's `hostname`) by PVE's `dns-name` rule at the
// field; with several copies it is a pattern (`web-{n}`) and the names it gives are shown.

import { Text, TextInput } from '@mantine/core';
import { copyNames, dnsNameProblem } from '../../../../../shared/clone';

/** What is wrong with the name or pattern, for the field. */
export function namePatternProblem(pattern: string, count: number): string | undefined {
  for (const n of copyNames(pattern, count)) {
    const p = n === undefined ? undefined : dnsNameProblem(n);
    if (p) return p;
  }
  return undefined;
}

export function GuestNameField({
  label,
  value,
  onChange,
  count,
  ids,
  placeholder,
  error,
}: {
  label: string;
  value: string;
  onChange(v: string): void;
  count: number;
  /** the copies' ids, for the preview */
  ids: readonly (number | undefined)[];
  placeholder?: string;
  /** PVE's error for this field, when it refused */
  error?: string | undefined;
}) {
  const problem = namePatternProblem(value, count) ?? error;
  const names = copyNames(value, count);
  return (
    <div>
      <TextInput
        size="xs"
        label={count > 1 ? `${label} pattern` : label}
        description={count > 1 ? '{n} is the copy’s number (1, 2, …)' : undefined}
        placeholder={placeholder}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={problem}
        autoComplete="off"
        spellCheck={false}
        data-testid="clone-name"
      />
      {count > 1 && (
        <Text size="xs" c="dimmed" mt={4} data-testid="clone-preview">
          {names
            .map((n, i) => `${ids[i] !== undefined ? String(ids[i]) : '…'} ${n ?? '(PVE’s name)'}`)
            .join(' · ')}
        </Text>
      )}
    </div>
  );
}
