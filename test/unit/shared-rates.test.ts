import { describe, expect, it } from 'vitest';
import { counterRates } from '../../shared/rates';

describe('live rates from cumulative counters', () => {
  it('divides the counters’ growth by the uptime between the samples', () => {
    const prev = { uptime: 100, netin: 1_000, netout: 5_000, diskread: 0, diskwrite: 10 };
    const next = { uptime: 110, netin: 11_000, netout: 5_000, diskread: 4_096, diskwrite: 10 };
    expect(counterRates(prev, next)).toEqual({
      netin: 1_000,
      netout: 0,
      diskread: 409.6,
      diskwrite: 0,
    });
  });

  it('has no rate without a new stats update or across a restart', () => {
    expect(counterRates({ uptime: 50, netin: 1 }, { uptime: 50, netin: 9 })).toBeUndefined();
    expect(counterRates({ uptime: 500, netin: 900 }, { uptime: 3, netin: 10 })).toBeUndefined();
    expect(counterRates({ netin: 1 }, { uptime: 3, netin: 10 })).toBeUndefined();
  });

  it('leaves out a counter that went backwards or is missing', () => {
    expect(
      counterRates({ uptime: 10, netin: 500, netout: 7 }, { uptime: 12, netin: 100, netout: 9 }),
    ).toEqual({ netout: 1 });
  });
});
