// The certificate of a server not trusted by this system, for the user to compare and vouch for.

import { Alert, Checkbox, Stack, Table, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { describeValidity } from '../../../../shared/format';
import type { CertificateInfo } from '../../../../shared/model';
import { useController } from '../../store/hooks';
import { Fingerprint } from '../../ui/Fingerprint';

/** Shows an untrusted certificate and asks the user to vouch for its fingerprint. */
export function CertificateReview({
  certificate,
  approved,
  onApprovedChange,
  title = 'Unknown certificate',
}: {
  certificate: CertificateInfo;
  approved: boolean;
  onApprovedChange(approved: boolean): void;
  title?: string;
}) {
  const { scheduler } = useController();
  const validity = describeValidity(certificate.validFrom, certificate.validTo, scheduler.now());
  if (certificate.trusted) {
    return (
      <Alert color="green" variant="light" icon={<IconShieldCheck size={16} />} py={6}>
        The certificate is trusted by this system ({certificate.subject}).
      </Alert>
    );
  }
  return (
    <Alert color="yellow" variant="light" title={title} data-testid="certificate-review">
      <Stack gap="xs">
        <Text size="sm">
          This server&apos;s certificate is not trusted by this system
          {certificate.trustError ? ` (${certificate.trustError})` : ''}. Compare its SHA-256
          fingerprint with the one shown on the node (Datacenter → node → System → Certificates)
          before you trust it. Deckhand will accept only this exact certificate.
        </Text>
        <Table withRowBorders={false} verticalSpacing={2} fz="xs">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={90}>SHA-256</Table.Th>
              <Table.Td>
                <Fingerprint value={certificate.fingerprint} testId="certificate-fingerprint" />
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Subject</Table.Th>
              <Table.Td>{certificate.subject}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Issuer</Table.Th>
              <Table.Td>{certificate.issuer}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Valid</Table.Th>
              <Table.Td data-testid="certificate-validity">
                {validity.text}
                {validity.warning && (
                  <Text
                    span
                    size="xs"
                    fw={700}
                    c={validity.expired ? 'red' : 'orange'}
                    data-testid="certificate-expiry"
                  >
                    {' '}
                    ({validity.warning})
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <Checkbox
          label="I have verified this fingerprint"
          checked={approved}
          onChange={(e) => onApprovedChange(e.currentTarget.checked)}
        />
      </Stack>
    </Alert>
  );
}
