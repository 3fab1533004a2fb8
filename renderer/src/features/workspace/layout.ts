// PLACEHOLDER: the workspace's layout state (replaced by the workspace work): which panes are
// collapsed, remembered across reloads. Features call these to reveal a pane.

export function revealLogPanel(): void {}
