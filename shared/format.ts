// Human formatting of the numbers PVE reports: bytes (binary units, as the PVE UI shows them),
// fractions as percent, and durations in seconds.

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** 1536 → "1.5 KiB"; values under 10 of a unit keep one decimal, larger ones none. */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '–';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** 0.1234 → "12.3%" */
export function formatPercent(fraction: number | undefined, digits = 1): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** used/limit as a fraction clamped to 0..1, or undefined when the limit is unknown or zero. */
export function usageFraction(
  used: number | undefined,
  limit: number | undefined,
): number | undefined {
  if (used === undefined || limit === undefined || limit <= 0) return undefined;
  return Math.min(1, Math.max(0, used / limit));
}

/** Uptime as the two most significant units: "3d 4h", "5h 12m", "12m 3s", "45s". */
export function formatUptime(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const secs = s % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${secs}s`;
  return `${secs}s`;
}

/** Elapsed time as a clock: "0:07", "3:05", "1:02:03". */
export function formatElapsed(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A moment (epoch seconds) in local time, one format everywhere: "14:05:09" on the day of `now`,
 * "2026-11-30 14:05:09" on any other day.
 */
export function formatDateTime(seconds: number, nowSeconds: number): string {
  const d = new Date(seconds * 1000);
  const time = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
  if (d.toDateString() === new Date(nowSeconds * 1000).toDateString()) return time;
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${time}`;
}

/** A day (epoch seconds) in local time, in the date format of `formatDateTime`: "2026-11-30". */
function formatDate(seconds: number): string {
  const d = new Date(seconds * 1000);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/**
 * A fingerprint ("AB:CD:…") in lines of `perLine` bytes, each line but the last ending in its
 * ':' so the lines joined are the fingerprint again and no byte is ever split.
 */
export function fingerprintLines(fingerprint: string, perLine = 8): string[] {
  const bytes = fingerprint.split(':');
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += perLine) {
    const last = i + perLine >= bytes.length;
    lines.push(bytes.slice(i, i + perLine).join(':') + (last ? '' : ':'));
  }
  return lines;
}

/** How soon a certificate's expiry is worth calling out. */
const CERT_EXPIRY_WARNING_DAYS = 30;

/**
 * A certificate's validity for people: dates, not ISO strings, and the expiry called out when it
 * is near (within 30 days), past, or not yet begun. Dates that do not parse are shown as given.
 */
export function describeValidity(
  validFrom: string,
  validTo: string,
  nowMs: number,
): { text: string; warning?: string; expired: boolean } {
  const from = Date.parse(validFrom);
  const to = Date.parse(validTo);
  const day = (ms: number, raw: string) => (Number.isNaN(ms) ? raw : formatDate(ms / 1000));
  const text = `${day(from, validFrom)} to ${day(to, validTo)}`;
  if (!Number.isNaN(to) && to <= nowMs) {
    return { text, warning: `Expired on ${formatDate(to / 1000)}`, expired: true };
  }
  if (!Number.isNaN(from) && from > nowMs) {
    return { text, warning: `Not valid before ${formatDate(from / 1000)}`, expired: false };
  }
  if (!Number.isNaN(to)) {
    const days = Math.ceil((to - nowMs) / 86_400_000);
    if (days <= CERT_EXPIRY_WARNING_DAYS) {
      return {
        text,
        warning: `Expires in ${days} day${days === 1 ? '' : 's'}`,
        expired: false,
      };
    }
  }
  return { text, expired: false };
}
