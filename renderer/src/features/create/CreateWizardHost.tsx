// Where the window's Create wizard lives: shown while one is asked for (createState.ts), for the
// node asked, or the profile's first online node.

import { lazy, Suspense, useCallback } from 'react';
import type { AppState } from '../../store/appState';
import { useAppState } from '../../store/hooks';
import { createWizard, useCreateRequest } from './createState';

// The wizard's code loads when first asked for, not with the window.
const CreateWizard = lazy(() =>
  import('./CreateWizard').then((m) => ({ default: m.CreateWizard })),
);

export function CreateWizardHost() {
  const req = useCreateRequest();
  const firstNode = useAppState(
    useCallback(
      (s: AppState) => {
        if (!req) return undefined;
        let pick: string | undefined;
        for (const r of s.resources[req.profileId]?.byId.values() ?? []) {
          if (r.type === 'node' && r.status === 'online' && (pick === undefined || r.node < pick))
            pick = r.node;
        }
        return pick;
      },
      [req],
    ),
  );
  if (!req) return null;
  const node = req.node ?? firstNode;
  if (!node) return null;
  return (
    <Suspense fallback={null}>
      <CreateWizard
        key={req.seq}
        profileId={req.profileId}
        type={req.type}
        node={node}
        onClose={() => createWizard.close()}
      />
    </Suspense>
  );
}
