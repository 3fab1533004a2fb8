// The saved-secrets file could not be read at start: what was done with it and what to do, once,
// until the user dismisses it (core keeps the report until then, across reloads of the window).

import { Alert, Button, Group, Text } from '@mantine/core';
import { IconKeyOff } from '@tabler/icons-react';
import { useController } from '../store/hooks';
import { publishAppInfo, useAppInfo } from '../store/useAppInfo';

export function SecretsProblemBanner() {
  const { api } = useController();
  const problem = useAppInfo()?.secretStore?.problem;
  if (!problem) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      radius={0}
      py={4}
      icon={<IconKeyOff size={16} />}
      role="alert"
      data-testid="secrets-problem"
    >
      <Group gap="sm" wrap="nowrap" justify="space-between">
        <Text size="sm">{problem}</Text>
        <Button
          size="compact-xs"
          variant="default"
          onClick={() =>
            void api
              .invoke('secrets.dismissProblem', undefined)
              .then(publishAppInfo, () => undefined)
          }
        >
          Dismiss
        </Button>
      </Group>
    </Alert>
  );
}
