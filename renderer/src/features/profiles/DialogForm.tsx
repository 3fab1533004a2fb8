import type { ReactNode } from 'react';

/** A dialog's form: Enter or the submit button runs `onSubmit` instead of reloading the page. */
export function DialogForm({
  onSubmit,
  children,
}: {
  onSubmit(): Promise<void> | void;
  children: ReactNode;
}) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      {children}
    </form>
  );
}
