import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';

/** The expand/collapse toggle of a profile or node row (mouse only; keys work on the tree). */
export function Chevron({ expanded, onToggle }: { expanded: boolean; onToggle: () => void }) {
  const Icon = expanded ? IconChevronDown : IconChevronRight;
  return (
    <Icon
      size={14}
      aria-hidden
      style={{ flexShrink: 0, cursor: 'pointer' }}
      onClick={(e) => {
        e.stopPropagation();
        onToggle();
      }}
    />
  );
}
