/**
 * How long before `expiration` the refresh engine refreshes credentials. The advisory window starts
 * a background refresh while callers keep the current credentials; in the mandatory window callers
 * wait for the refresh.
 *
 * The rule (REFERENCE.md rows 5 and 10: botocore's windows, scaled down for short sessions the way
 * aws-sdk-go-v2 does), with `lifetime = expiration − the time the credentials were obtained`:
 * - lifetime > 20 min: advisory 15 min, mandatory 10 min (botocore);
 * - lifetime ≤ 20 min: advisory min(5 min, lifetime / 2), mandatory min(1 min, lifetime / 4).
 * The halves and quarters only matter below 10 min (not an STS duration, but emulators and
 * providers that hand out nearly used credentials): fresh credentials are then never already in a
 * window, so they are used before being refreshed.
 */
export interface RefreshWindows {
  readonly advisoryMs: number
  readonly mandatoryMs: number
}

const minute = 60_000

export function refreshWindows(lifetimeMs: number): RefreshWindows {
  if (lifetimeMs > 20 * minute) return { advisoryMs: 15 * minute, mandatoryMs: 10 * minute }
  const lifetime = Math.max(0, lifetimeMs)
  return { advisoryMs: Math.min(5 * minute, lifetime / 2), mandatoryMs: Math.min(minute, lifetime / 4) }
}
