// Why a row matched the filter when its name does not say: the address or host name that did.

import { Text } from '@mantine/core';

export function MatchHint({ hint }: { hint: string }) {
  return (
    <Text
      size="xs"
      c="teal"
      ff="monospace"
      truncate="end"
      title={`Matched ${hint}`}
      data-match-hint={hint}
      // Shrinks before the row's name does.
      style={{ minWidth: 0, flexShrink: 4 }}
    >
      {hint}
    </Text>
  );
}
