import { CloseButton, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { useAppState, useController } from '../../store/hooks';
import { selectFilter } from '../../store/selectors';

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function isInConsole(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('[data-console-id]') !== null;
}

/** The filter box above the tree; `/` or Ctrl+F focuses it from anywhere. */
export function TreeFilter({ onSubmit }: { onSubmit: () => void }) {
  const controller = useController();
  const filter = useAppState(selectFilter);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Keys typed into a console belong to it (Ctrl+F moves the cursor in a shell).
      if (e.defaultPrevented || isInConsole(e.target)) return;
      const ctrlF = (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'f';
      const slash = e.key === '/' && !e.ctrlKey && !e.metaKey && !isTypingTarget(e.target);
      if (ctrlF || slash) {
        e.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <TextInput
      ref={input}
      size="xs"
      placeholder="Filter: web, 101, tag:prod, status:running, node:pve1"
      aria-label="Filter resources"
      leftSection={<IconSearch size={14} />}
      rightSection={
        filter ? (
          <CloseButton
            size="xs"
            aria-label="Clear filter"
            onClick={() => controller.setFilter('')}
          />
        ) : null
      }
      value={filter}
      onChange={(e) => controller.setFilter(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') controller.setFilter('');
        if (e.key === 'Enter' || e.key === 'ArrowDown') {
          e.preventDefault();
          onSubmit();
        }
      }}
    />
  );
}
