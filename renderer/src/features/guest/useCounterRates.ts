import { useEffect, useRef, useState } from 'react';
import type { GuestResource } from '../../../../shared/model';
import { counterRates, type CounterRates, type CounterSample } from '../../../../shared/rates';

/**
 * The guest's live network and disk throughput, from successive samples of its counters as the
 * deltas bring them. Undefined until two stats updates have been seen for this guest.
 */
export function useCounterRates(guest: GuestResource): CounterRates | undefined {
  const { id, uptime, netin, netout, diskread, diskwrite } = guest;
  const last = useRef<{ id: string; sample: CounterSample } | undefined>(undefined);
  const [rates, setRates] = useState<{ id: string; rates: CounterRates } | undefined>(undefined);

  useEffect(() => {
    const sample: CounterSample = { uptime, netin, netout, diskread, diskwrite };
    const prev = last.current;
    if (prev?.id === id && prev.sample.uptime === uptime) return; // no new stats update yet
    last.current = { id, sample };
    const next = prev?.id === id ? counterRates(prev.sample, sample) : undefined;
    if (next) setRates({ id, rates: next });
  }, [id, uptime, netin, netout, diskread, diskwrite]);

  // A rate of another guest (the selection changed) is never shown.
  return rates?.id === id ? rates.rates : undefined;
}
