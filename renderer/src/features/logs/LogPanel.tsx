// PLACEHOLDER: the log side panel (replaced by the log-panel work). The workspace puts it on the right.

import { Center, Text } from '@mantine/core';

export function LogPanel() {
  return (
    <Center h="100%">
      <Text c="dimmed" size="sm">
        Logs
      </Text>
    </Center>
  );
}
