// The settings of a profile beside its name, in the add and the settings dialogs: its colour
// (from the fixed palette), read-only (Deckhand changes nothing on it), production (destructive
// actions ask for the guest's name) and whether its password or token secret is remembered.

import { Checkbox, CheckIcon, ColorSwatch, Group, Input, Stack } from '@mantine/core';
import { PROFILE_COLORS, type ProfileFlags } from '../../../../shared/model';

export function ProfileFlagsFields({
  value,
  onChange,
  withColor = true,
  secretKind = 'password',
}: {
  value: ProfileFlags;
  onChange(next: ProfileFlags): void;
  /** Off when adding: a free colour is picked then, and can be changed later. */
  withColor?: boolean;
  /** Names what "remember" keeps. */
  secretKind?: 'password' | 'token';
}) {
  return (
    <Stack gap="xs">
      {withColor && (
        <Input.Wrapper label="Colour" description="Marks its tasks, toasts and tabs">
          <Group gap={6} mt={4} role="radiogroup" aria-label="Colour">
            {PROFILE_COLORS.map((c) => (
              <ColorSwatch
                key={c}
                component="button"
                type="button"
                role="radio"
                aria-checked={value.color === c}
                aria-label={c}
                color={`var(--mantine-color-${c}-6)`}
                size={20}
                onClick={() => onChange({ ...value, color: c })}
                style={{ cursor: 'pointer', color: '#fff' }}
              >
                {value.color === c && <CheckIcon style={{ width: 10, height: 10 }} />}
              </ColorSwatch>
            ))}
          </Group>
        </Input.Wrapper>
      )}
      <Checkbox
        label="Read-only"
        description="Deckhand changes nothing on this cluster: actions are off, and refused if sent"
        checked={value.readOnly ?? false}
        onChange={(e) => onChange({ ...value, readOnly: e.currentTarget.checked })}
      />
      <Checkbox
        label="Production"
        description="Stop, reset and other destructive actions ask for the guest's name"
        checked={value.production ?? false}
        onChange={(e) => onChange({ ...value, production: e.currentTarget.checked })}
      />
      <Checkbox
        label={secretKind === 'token' ? 'Remember the token secret' : 'Remember the password'}
        description="Off: kept only until Deckhand quits, and asked for at the next start"
        checked={value.rememberSecret ?? true}
        onChange={(e) => onChange({ ...value, rememberSecret: e.currentTarget.checked })}
      />
    </Stack>
  );
}
