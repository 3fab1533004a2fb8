// The guest log factories the registry (factories.ts) names: a guest journal is read through a
// node shell for a container (guest-container.ts) and through the guest agent for a VM
// (guest-agent.ts); a file tail always through a node shell.

import type { LogSourceSpec } from '../../../shared/logs';
import { agentJournalSource } from './guest-agent';
import { containerLogSource } from './guest-container';
import type { LogSource, LogSourceContext } from './source';

type JournalSpec = Extract<LogSourceSpec, { kind: 'guest-journal' }>;
type FileSpec = Extract<LogSourceSpec, { kind: 'file' }>;

export function guestJournalSource(ctx: LogSourceContext<JournalSpec>): LogSource {
  return ctx.spec.type === 'qemu' ? agentJournalSource(ctx) : containerLogSource(ctx);
}

export function fileLogSource(ctx: LogSourceContext<FileSpec>): LogSource {
  return containerLogSource(ctx);
}
