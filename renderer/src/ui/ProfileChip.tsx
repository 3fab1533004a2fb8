// The profile a thing belongs to: a colour chip (and its name where there is room), shown only
// when more than one profile exists, so a single-profile user sees no clutter.

import { useCallback } from 'react';
import { PROFILE_COLORS, type ProfileColor, type ProfileInfo } from '../../../shared/model';
import type { AppState } from '../store/appState';
import { useAppState } from '../store/hooks';

export interface ProfileTag {
  name: string;
  color: ProfileColor;
}

/** A profile's colour: its own, else one from the palette by its place in the list. */
export function profileColor(profile: ProfileInfo, index: number): ProfileColor {
  return profile.color ?? PROFILE_COLORS[index % PROFILE_COLORS.length]!;
}

/** The tag of a profile when more than one profile exists; undefined otherwise. */
export function profileTagOf(
  profiles: readonly ProfileInfo[] | null,
  profileId: string,
): ProfileTag | undefined {
  if (!profiles || profiles.length < 2) return undefined;
  const index = profiles.findIndex((p) => p.id === profileId);
  const p = profiles[index];
  return p ? { name: p.name, color: profileColor(p, index) } : undefined;
}

/** The tag of a profile, re-rendering only when its name or colour (or the count) changes. */
export function useProfileTag(profileId: string | undefined): ProfileTag | undefined {
  const key = useAppState(
    useCallback(
      (s: AppState) => {
        const t = profileId ? profileTagOf(s.profiles, profileId) : undefined;
        return t ? `${t.color}|${t.name}` : '';
      },
      [profileId],
    ),
  );
  if (!key) return undefined;
  const cut = key.indexOf('|');
  return { color: key.slice(0, cut) as ProfileColor, name: key.slice(cut + 1) };
}

/**
 * A round colour dot (a thin bar beside other dots, e.g. a console's state); `withName` adds the
 * profile's name after it.
 */
export function ProfileChip({
  tag,
  withName = false,
  maxWidth = 140,
  shape = 'dot',
}: {
  tag: ProfileTag;
  withName?: boolean;
  maxWidth?: number;
  shape?: 'dot' | 'bar';
}) {
  return (
    <span
      className="profile-chip"
      data-testid="profile-chip"
      data-profile={tag.name}
      title={tag.name}
      aria-label={withName ? undefined : `Profile ${tag.name}`}
      style={{ display: 'inline-flex', alignItems: 'center', gap: 4, minWidth: 0, flexShrink: 0 }}
    >
      <span
        aria-hidden
        style={{
          width: shape === 'dot' ? 8 : 3,
          height: shape === 'dot' ? 8 : 14,
          borderRadius: shape === 'dot' ? 4 : 2,
          flexShrink: 0,
          background: `var(--mantine-color-${tag.color}-6)`,
        }}
      />
      {withName && (
        <span
          style={{
            fontSize: 'var(--mantine-font-size-xs)',
            color: 'var(--mantine-color-dimmed)',
            maxWidth,
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            whiteSpace: 'nowrap',
          }}
        >
          {tag.name}
        </span>
      )}
    </span>
  );
}

/** The chip and name of a profile (detail headers); nothing when it is the only profile. */
export function ProfileNameChip({ profileId }: { profileId: string }) {
  const tag = useProfileTag(profileId);
  return tag ? <ProfileChip tag={tag} withName maxWidth={180} /> : null;
}
