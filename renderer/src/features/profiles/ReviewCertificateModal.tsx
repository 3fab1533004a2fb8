import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { DeckhandError } from '../../../../shared/errors';
import type { CertificateInfo, ProfileInfo } from '../../../../shared/model';
import { useConnection, useController } from '../../store/hooks';
import { describeError } from '../../ui/describeError';
import { CertificateReview } from './CertificateReview';
import { Fingerprint } from '../../ui/Fingerprint';

/**
 * A profile went offline because its server, or another node of its cluster it was talking to,
 * presents another certificate: show the new one next to the one pinned before, and pin the new
 * one (for that node only) only once the user vouched for it. Core checks again that the server
 * presents exactly this certificate before it carries any traffic.
 */
export function ReviewCertificateModal({
  profile,
  onClose,
}: {
  profile: ProfileInfo;
  onClose(): void;
}) {
  const controller = useController();
  const { api } = controller;
  const connection = useConnection(profile.id);
  // A node of the cluster other than the profile's own server (core/trust), when it is that one.
  const node = connection?.certificateNode;
  const url = node?.url ?? profile.url;
  const previous = connection?.expectedFingerprint ?? (node ? undefined : profile.fingerprint);
  const [certificate, setCertificate] = useState<CertificateInfo | null>(null);
  const [approved, setApproved] = useState(false);
  const [busy, setBusy] = useState<'probe' | 'save' | null>('probe');
  const [error, setError] = useState<string | null>(null);

  const probe = useCallback(async () => {
    setBusy('probe');
    setApproved(false);
    try {
      const result = await api.invoke('profiles.probe', { url });
      setCertificate(result.certificate);
    } catch (err) {
      setCertificate(null);
      setError(describeError(err));
    } finally {
      setBusy(null);
    }
  }, [api, url]);

  useEffect(() => {
    void probe();
  }, [probe]);

  const unchanged =
    certificate !== null && certificate.fingerprint === (node ? previous : profile.fingerprint);
  const canApprove = certificate !== null && (certificate.trusted || approved);

  const approve = async () => {
    if (!certificate) return;
    setBusy('save');
    setError(null);
    try {
      if (node) {
        await api.invoke('trust.approveNode', {
          profileId: profile.id,
          node: node.name,
          fingerprint: certificate.fingerprint,
        });
      } else {
        await api.invoke('profiles.update', {
          profileId: profile.id,
          fingerprint: certificate.fingerprint,
        });
      }
      onClose();
    } catch (err) {
      setError(describeError(err));
      setBusy(null);
      // The server changed its certificate again since the probe: show the one it has now.
      if (err instanceof DeckhandError && err.kind === 'tls') void probe();
    }
  };

  const reconnect = async () => {
    setBusy('save');
    await controller.reconnect(profile.id);
    onClose();
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={
        node
          ? `Review the certificate of ${node.name} (${profile.name})`
          : `Review the certificate of ${profile.name}`
      }
      size="lg"
      centered
    >
      <Stack gap="sm" data-testid="review-certificate">
        <Text size="sm">
          {node ? `Node ${node.name} of ${profile.name} (${url})` : profile.url} now presents a
          different certificate than the one {node ? 'pinned for it' : 'you approved'}. This is
          expected after the node&apos;s certificate was renewed or replaced; otherwise someone may
          be intercepting the connection.
        </Text>
        {previous && (
          <Group gap="xs" wrap="nowrap" align="baseline">
            <Text size="xs" fw={700} w={90} style={{ flexShrink: 0 }}>
              Pinned before
            </Text>
            <Fingerprint value={previous} testId="previous-fingerprint" />
          </Group>
        )}
        {busy === 'probe' && (
          <Group gap="xs">
            <Loader size="xs" />
            <Text size="sm" c="dimmed">
              Reading the certificate…
            </Text>
          </Group>
        )}
        {certificate && unchanged && (
          <Alert color="green" variant="light" py={6}>
            The server presents the pinned certificate again. Reconnect to continue.
          </Alert>
        )}
        {certificate && !unchanged && (
          <CertificateReview
            title="New certificate"
            certificate={certificate}
            approved={approved}
            onApprovedChange={setApproved}
          />
        )}
        {error && (
          <Alert color="red" variant="light" py={6} role="alert" data-testid="review-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs" mt="xs">
          <Button variant="subtle" size="xs" onClick={onClose}>
            Cancel
          </Button>
          {unchanged ? (
            <Button size="xs" loading={busy === 'save'} onClick={() => void reconnect()}>
              Reconnect
            </Button>
          ) : (
            <Button
              size="xs"
              loading={busy === 'save'}
              disabled={!canApprove || busy === 'probe'}
              onClick={() => void approve()}
            >
              Trust and reconnect
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
