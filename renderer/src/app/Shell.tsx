// The window's frame: the header (title, layout toggles, add cluster), the banners, and either the
// workspace (once there is a cluster) or the Welcome screen, which has no panes at all.

import { ActionIcon, Center, Group, Loader, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { releaseFirstFrame } from '../prepaint/handover';
import { isLinkDown, type BackendLink } from '../bridge/backendLink';
import { ConsoleWorkspace } from '../features/console/ConsoleWorkspace';
import { CreateMenu } from '../features/create/CreateMenu';
import { CreateWizardHost } from '../features/create/CreateWizardHost';
import { LogPanel } from '../features/logs/LogPanel';
import { AddProfileModal } from '../features/profiles/AddProfileModal';
import { Welcome } from '../features/profiles/Welcome';
import { TasksStrip } from '../features/tasks/TasksStrip';
import { ResourceTree } from '../features/tree/ResourceTree';
import { TreeFilter } from '../features/tree/TreeFilter';
import { PaneToggles } from '../features/workspace/PaneToggles';
import { Workspace } from '../features/workspace/Workspace';
import { selectProfiles } from '../store/selectors';
import { useAppState } from '../store/hooks';
import { BackendLinkBanner, HostRestarted, useBackendLinkState } from './BackendLinkBanner';
import { DetailPane } from './DetailPane';
import { ProfileBanners } from './ProfileBanners';
import { SecretsProblemBanner } from './SecretsProblemBanner';

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

/** The window: a header, then the workspace (tree | detail and consoles | logs, tasks below). */
export function Shell({ link }: { link: BackendLink }) {
  const profiles = useAppState(selectProfiles);
  const [adding, setAdding] = useState(false);
  const treeRef = useRef<HTMLDivElement | null>(null);
  const hasProfiles = (profiles?.length ?? 0) > 0;
  const linkStatus = useBackendLinkState(link).status;
  const profilesError = useAppState((s) => s.profilesError);
  // Anything but the workspace (Welcome, a failure, the backend lost) replaces the first frame at
  // once; the tree replaces it once it has painted (ResourceTree).
  const noTree = isLinkDown(linkStatus) || (profiles !== null && !hasProfiles) || !!profilesError;
  useEffect(() => {
    if (noTree) releaseFirstFrame();
  }, [noTree]);

  if (linkStatus === 'refused') return <HostRestarted />;
  const banners = (
    <>
      <BackendLinkBanner link={link} />
      {/* With the backend away, a cluster's last troubles are not news: the link banner says it. */}
      {!isLinkDown(linkStatus) && <ProfileBanners />}
      <SecretsProblemBanner />
    </>
  );
  return (
    <div style={{ height: '100dvh', display: 'flex', flexDirection: 'column' }}>
      <header
        style={{
          height: 38,
          flexShrink: 0,
          borderBottom: '1px solid var(--app-shell-border-color)',
        }}
      >
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap">
          <Title order={5} style={{ letterSpacing: 0.5 }}>
            Deckhand
          </Title>
          {hasProfiles && (
            <Group gap={6} wrap="nowrap">
              <PaneToggles />
              <CreateMenu />
              <Tooltip label="Add a Proxmox VE cluster">
                <ActionIcon
                  variant="subtle"
                  aria-label="Add cluster"
                  onClick={() => setAdding(true)}
                >
                  <IconPlus size={18} />
                </ActionIcon>
              </Tooltip>
            </Group>
          )}
        </Group>
      </header>
      {hasProfiles ? (
        <Workspace
          tree={
            <nav aria-label="Resources" style={{ display: 'contents' }}>
              <div style={{ padding: 6 }}>
                <TreeFilter onSubmit={() => treeRef.current?.focus()} />
              </div>
              <ResourceTree treeRef={treeRef} />
            </nav>
          }
          // The banners sit above the detail (the tree and the logs keep their height as they
          // come and go); the detail view shares the space with console tabs.
          center={
            <>
              {banners}
              <ConsoleWorkspace details={<DetailPane />} />
            </>
          }
          logs={<LogPanel />}
          tasks={<TasksStrip />}
        />
      ) : (
        <main style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}>
          {banners}
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
        </main>
      )}
      <AddProfileModal opened={adding} onClose={() => setAdding(false)} />
      <CreateWizardHost />
    </div>
  );
}
