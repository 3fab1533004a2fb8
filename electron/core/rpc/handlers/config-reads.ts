// The configs served lately, by digest: the base a "changed by someone else" answer is compared
// with, shared by the option writes (config.ts) and the hardware writes (config-extra.ts); and the
// one PUT …/config with the digest read that both send: a stale digest answers a conflict with
// the fresh config and what changed; a lost reply is never sent again but read back.

import { DeckhandError, isDeckhandError } from '../../../../shared/errors';
import {
  OPTION_KEYS,
  sameOption,
  type ConfigChange,
  type ConfigTarget,
  type ConfigUpdateResult,
  type GuestConfig,
} from '../../../../shared/config';
import { getGuestConfig, isDigestMismatch, putGuestConfig } from '../../pve/config';
import type { PveParams } from '../../pve/form';
import { isInDoubt } from '../../pve/errors';
import type { ProfileSession } from '../../session/profile-session';

const READ_CACHE_MAX = 64;

export function ref(a: ConfigTarget) {
  return { node: a.node, type: a.type, vmid: a.vmid };
}

export class ConfigReads {
  private readonly served = new Map<string, GuestConfig>();

  remember(c: GuestConfig): GuestConfig {
    this.served.delete(c.digest);
    this.served.set(c.digest, c);
    while (this.served.size > READ_CACHE_MAX) this.served.delete(this.served.keys().next().value!);
    return c;
  }

  async read(s: ProfileSession, a: ConfigTarget): Promise<GuestConfig> {
    return this.remember(await getGuestConfig(s.api, ref(a)));
  }

  /** The conflict answer for a write whose digest went stale. */
  async conflict(s: ProfileSession, a: ConfigTarget, digest: string, message: string) {
    const fresh = await this.read(s, a);
    return {
      outcome: 'conflict' as const,
      message,
      fresh,
      changed: diff(this.served.get(digest), fresh),
    };
  }

  /**
   * PUT …/config with `digest`. `applied` tells from a config read back whether a write whose
   * reply was lost took effect.
   */
  async put(
    s: ProfileSession,
    a: ConfigTarget,
    params: PveParams,
    digest: string,
    applied: (c: GuestConfig) => boolean,
    what: string,
  ): Promise<ConfigUpdateResult> {
    try {
      await putGuestConfig(s.api, ref(a), { ...params, digest });
    } catch (err) {
      if (isDeckhandError(err) && !isInDoubt(err) && isDigestMismatch(err.message)) {
        return this.conflict(s, a, digest, err.message);
      }
      if (!isInDoubt(err)) throw err;
      // The reply was lost: look, never send again.
      const now = await this.read(s, a).catch(() => undefined);
      if (now && applied(now)) {
        refreshTree(s);
        return { outcome: 'saved', config: now };
      }
      throw new DeckhandError({
        kind: err.kind,
        message: `${what} to ${a.type === 'qemu' ? 'VM' : 'CT'} ${a.vmid} may not have been saved (${err.message}); it was not sent again. Check the options before saving again.`,
      });
    }
    const config = await this.read(s, a);
    refreshTree(s);
    return { outcome: 'saved', config };
  }
}

export function refreshTree(s: ProfileSession): void {
  void s.tick().catch(() => undefined);
}

/** Options that differ between the config read and the fresh one. */
export function diff(base: GuestConfig | undefined, fresh: GuestConfig): ConfigChange[] {
  if (!base) return [];
  return OPTION_KEYS.filter((k) => !sameOption(base.values[k], fresh.values[k])).map((key) => ({
    key,
    before: base.values[key],
    after: fresh.values[key],
  }));
}
