// The profile calls, bound to the profile service. Arguments arrive checked by the contract.

import type { CallHandlers } from '../../../../shared/ipc';
import type { ProfileService } from '../profile-service';

type ProfileCalls =
  | 'profiles.list'
  | 'profiles.probe'
  | 'profiles.test'
  | 'profiles.add'
  | 'profiles.update'
  | 'profiles.remove'
  | 'profiles.addDemo'
  | 'profiles.duplicate'
  | 'profiles.reorder';

export function profileHandlers(profiles: ProfileService): Pick<CallHandlers, ProfileCalls> {
  return {
    'profiles.list': async () => profiles.list(),
    'profiles.probe': (args) => profiles.probe(args),
    'profiles.test': (args) => profiles.test(args),
    'profiles.add': (args) => profiles.add(args),
    'profiles.update': (args) => profiles.update(args),
    'profiles.remove': (args) => profiles.remove(args.profileId),
    'profiles.addDemo': () => profiles.addDemo(),
    'profiles.duplicate': (args) => profiles.duplicate(args.profileId, args.name),
    'profiles.reorder': (args) => profiles.reorder(args.profileIds),
  };
}
