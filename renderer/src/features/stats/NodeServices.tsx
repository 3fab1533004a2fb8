// A node's system services and their state (GET /nodes/{node}/services), read when shown.

import { Badge, Button, Group, Text, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { NodeService } from '../../../../shared/stats';
import { useController } from '../../store/hooks';
import { FactGroup } from './DetailLayout';

function color(s: NodeService): string {
  if (s.state === 'running') return 'green';
  if (s.activeState === 'failed') return 'red';
  return s.unitState === 'enabled' ? 'yellow' : 'gray';
}

export function NodeServices({ profileId, node }: { profileId: string; node: string }) {
  const { api } = useController();
  const [list, setList] = useState<NodeService[] | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [round, setRound] = useState(0);
  const [all, setAll] = useState(false);
  useEffect(() => {
    let on = true;
    api.invoke('stats.services', { profileId, node }).then(
      (l) => {
        if (!on) return;
        setList(l);
        setError(undefined);
      },
      (err: unknown) => on && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      on = false;
    };
  }, [api, profileId, node, round]);
  return (
    <FactGroup title="Services">
      {error && (
        <Text size="xs" c="red">
          {error}
        </Text>
      )}
      {!list && !error && (
        <Text size="xs" c="dimmed">
          Reading…
        </Text>
      )}
      {list && (
        <Text size="xs" data-testid="node-services-summary">
          {list.filter((x) => x.state === 'running').length} running ·{' '}
          {list.filter((x) => x.state !== 'running').length} not running
        </Text>
      )}
      {list && (
        <div className="service-list" data-testid="node-services">
          {list
            .filter((x) => all || x.state !== 'running')
            .map((x) => (
              <Tooltip
                key={x.name}
                label={`${x.desc ?? x.name} · ${x.activeState ?? '?'} · ${x.unitState ?? 'unknown'}`}
                openDelay={300}
              >
                <Group gap={6} wrap="nowrap" className="service-row" data-service={x.name}>
                  <Badge size="xs" variant="dot" color={color(x)}>
                    {x.state ?? '?'}
                  </Badge>
                  <Text size="xs" truncate>
                    {x.name}
                  </Text>
                </Group>
              </Tooltip>
            ))}
        </div>
      )}
      <Group gap={4}>
        {list && (
          <Button size="compact-xs" variant="subtle" onClick={() => setAll((v) => !v)}>
            {all ? 'Only those not running' : 'Show all'}
          </Button>
        )}
        <Button size="compact-xs" variant="subtle" onClick={() => setRound((r) => r + 1)}>
          Refresh
        </Button>
      </Group>
    </FactGroup>
  );
}
