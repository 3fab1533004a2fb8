// The switch above the tree between its views: Nodes, Tags, Pools (treeViews.ts).

import { SegmentedControl } from '@mantine/core';
import { treeView, useTreeView, type TreeView } from './treeViews';

const DATA: { value: TreeView; label: string }[] = [
  { value: 'nodes', label: 'Nodes' },
  { value: 'tags', label: 'Tags' },
  { value: 'pools', label: 'Pools' },
];

export function ViewSwitch() {
  const view = useTreeView();
  return (
    <SegmentedControl
      size="xs"
      fullWidth
      aria-label="Tree view"
      data={DATA}
      value={view}
      onChange={(v) => treeView.set(v as TreeView)}
      style={{ flexShrink: 0, margin: '0 6px 4px' }}
    />
  );
}
