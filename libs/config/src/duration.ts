const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses "500ms", "30s", "5m", "1h", "2d" or "0" into milliseconds; null when malformed.
 * A bare number is refused on purpose: "3600" could mean seconds or milliseconds.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(trimmed);
  if (!match) return null;
  const [, value, unit] = match;
  return Math.round(Number(value) * (UNIT_MS[unit as string] ?? 0));
}
