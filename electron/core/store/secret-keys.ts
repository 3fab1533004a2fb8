// Where a profile's secret lives in the SecretStore. Only one of the two is set per profile.

export function passwordKey(profileId: string): string {
  return `profile:${profileId}:password`;
}

export function tokenKey(profileId: string): string {
  return `profile:${profileId}:token`;
}
