// The tree's rows and match count for the current state, built once per change and shared by the
// tree and its filter box (which shows the count).

import { useMemo } from 'react';
import { useAppState } from '../../store/hooks';
import type { AddressesState } from '../../store/addresses';
import type { ResourcesState } from '../../store/resources';
import {
  selectAddresses,
  selectCollapsed,
  selectFilter,
  selectProfiles,
  selectTreeResources,
} from '../../store/selectors';
import type { ProfileInfo } from '../../../../shared/model';
import { parseFilter } from './filter';
import { buildTree, type Tree } from './treeRows';
import { useTreeView, type TreeView } from './treeViews';

interface Inputs {
  profiles: readonly ProfileInfo[] | null;
  resources: ResourcesState;
  filterText: string;
  collapsed: Readonly<Record<string, true>>;
  addresses: AddressesState;
  view: TreeView;
}

let last: { inputs: Inputs; tree: Tree } | undefined;

function treeOf(inputs: Inputs): Tree {
  const l = last?.inputs;
  if (
    last &&
    l &&
    l.profiles === inputs.profiles &&
    l.resources === inputs.resources &&
    l.filterText === inputs.filterText &&
    l.collapsed === inputs.collapsed &&
    l.view === inputs.view &&
    // The index matters only while filtering: its changes rebuild nothing otherwise.
    (l.addresses === inputs.addresses || !inputs.filterText.trim())
  ) {
    return last.tree;
  }
  const tree = buildTree({
    profiles: inputs.profiles ?? [],
    resources: inputs.resources,
    filter: parseFilter(inputs.filterText),
    collapsed: inputs.collapsed,
    addresses: inputs.addresses,
    view: inputs.view,
  });
  last = { inputs, tree };
  return tree;
}

export function useTree(): Tree & { filterText: string; view: TreeView } {
  const profiles = useAppState(selectProfiles);
  const resources = useAppState(selectTreeResources);
  const filterText = useAppState(selectFilter);
  const collapsed = useAppState(selectCollapsed);
  const addresses = useAppState(selectAddresses);
  const view = useTreeView();
  return useMemo(
    () => ({
      ...treeOf({ profiles, resources, filterText, collapsed, addresses, view }),
      filterText,
      view,
    }),
    [profiles, resources, filterText, collapsed, addresses, view],
  );
}
