// A certificate fingerprint as people compare it: monospace, 8 bytes a line, broken only at ':'.

import { Code } from '@mantine/core';
import { fingerprintLines } from '../../../shared/format';

export function Fingerprint({ value, testId }: { value: string; testId?: string }) {
  return (
    <Code block data-testid={testId} style={{ padding: '2px 6px', display: 'inline-block' }}>
      {fingerprintLines(value).map((line, i) => (
        <span
          key={i}
          data-testid="fingerprint-line"
          style={{
            display: 'block',
            whiteSpace: 'nowrap',
            fontFamily: 'var(--mantine-font-family-monospace)',
          }}
        >
          {line}
        </span>
      ))}
    </Code>
  );
}
