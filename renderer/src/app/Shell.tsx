import {
  ActionIcon,
  AppShell,
  Center,
  Group,
  Loader,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { isLinkDown, type BackendLink } from '../bridge/backendLink';
import { ConsoleWorkspace } from '../features/console/ConsoleWorkspace';
import { AddProfileModal } from '../features/profiles/AddProfileModal';
import { Welcome } from '../features/profiles/Welcome';
import { TasksStrip } from '../features/tasks/TasksStrip';
import { ResourceTree } from '../features/tree/ResourceTree';
import { TreeFilter } from '../features/tree/TreeFilter';
import { selectProfiles } from '../store/selectors';
import { useAppState } from '../store/hooks';
import { BackendLinkBanner, HostRestarted, useBackendLinkState } from './BackendLinkBanner';
import { DetailPane } from './DetailPane';
import { ProfileBanners } from './ProfileBanners';

function LoadingProfiles() {
  const error = useAppState((s) => s.profilesError);
  return (
    <Center h="100%">
      <Stack align="center" gap="xs">
        {error ? (
          <Text c="red" size="sm" role="alert">
            Could not load your clusters: {error}
          </Text>
        ) : (
          <>
            <Loader size="sm" />
            <Text c="dimmed" size="sm">
              Connecting to Deckhand…
            </Text>
          </>
        )}
      </Stack>
    </Center>
  );
}

/** The window: header, resource tree on the left, detail on the right, tasks at the bottom. */
export function Shell({ link }: { link: BackendLink }) {
  const profiles = useAppState(selectProfiles);
  const [adding, setAdding] = useState(false);
  const treeRef = useRef<HTMLDivElement | null>(null);
  const hasProfiles = (profiles?.length ?? 0) > 0;
  const linkStatus = useBackendLinkState(link).status;

  if (linkStatus === 'refused') return <HostRestarted />;
  return (
    <AppShell
      header={{ height: 38 }}
      navbar={{
        width: 360,
        breakpoint: 1,
        collapsed: { desktop: !hasProfiles, mobile: !hasProfiles },
      }}
      footer={{ height: hasProfiles ? 120 : 0, collapsed: !hasProfiles }}
      padding={0}
    >
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap">
          <Title order={5} style={{ letterSpacing: 0.5 }}>
            Deckhand
          </Title>
          {hasProfiles && (
            <Tooltip label="Add a Proxmox VE cluster">
              <ActionIcon variant="subtle" aria-label="Add cluster" onClick={() => setAdding(true)}>
                <IconPlus size={18} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </AppShell.Header>
      <AppShell.Navbar>
        <div style={{ padding: 6 }}>
          <TreeFilter onSubmit={() => treeRef.current?.focus()} />
        </div>
        <ResourceTree treeRef={treeRef} />
      </AppShell.Navbar>
      <AppShell.Main
        style={{
          height: '100dvh',
          display: 'flex',
          flexDirection: 'column',
        }}
      >
        <BackendLinkBanner link={link} />
        {/* With the backend away, a cluster's last troubles are not news: the link banner says it. */}
        {!isLinkDown(linkStatus) && <ProfileBanners />}
        {hasProfiles ? (
          // The detail view shares the space with console tabs.
          <ConsoleWorkspace details={<DetailPane />} />
        ) : (
          <div
            style={{
              flex: 1,
              minHeight: 0,
              overflow: 'auto',
              padding: 'var(--mantine-spacing-md)',
            }}
          >
            {profiles === null ? (
              <LoadingProfiles />
            ) : (
              <Welcome onAddProfile={() => setAdding(true)} />
            )}
          </div>
        )}
      </AppShell.Main>
      {hasProfiles && (
        <AppShell.Footer>
          <TasksStrip />
        </AppShell.Footer>
      )}
      <AddProfileModal opened={adding} onClose={() => setAdding(false)} />
    </AppShell>
  );
}
