import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Credentials } from '../credentials.js'
import { CredkitError } from '../errors.js'
import { memoryStore } from '../stores/memory-store.js'
import { createClock, credentialsFor, flush, minute } from '../../test/refresh-fixtures.js'
import { cached } from './cached.js'

// What the provider does on each call, in turn.
const outcome = fc.oneof(
  fc.record({ kind: fc.constant('issue' as const), lifetimeMs: fc.constantFrom(30_000, 2 * minute, 15 * minute, 60 * minute, 12 * 60 * minute) }),
  fc.record({ kind: fc.constant('long-term' as const) }),
  fc.record({ kind: fc.constant('fail' as const), retryable: fc.boolean() }),
  fc.record({ kind: fc.constant('expired' as const) }),
)

const step = fc.oneof(
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 40 * minute }) }),
  fc.record({ kind: fc.constant('call' as const), forceRefresh: fc.boolean(), concurrent: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('invalidate' as const) }),
)

describe('cached (property): whatever the provider and the clock do', () => {
  it('never returns expired credentials, and never calls the provider while the credentials are before their advisory window', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(outcome, { minLength: 1, maxLength: 30 }), fc.array(step, { maxLength: 60 }), fc.boolean(), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), async (outcomes, steps, withStore, randomValue) => {
        const clock = createClock()
        let serial = 0
        let calls = 0
        const provider = async (): Promise<Credentials> => {
          const next = outcomes[calls++ % outcomes.length]!
          switch (next.kind) {
            case 'issue':
              return credentialsFor(++serial, new Date(clock.now() + next.lifetimeMs))
            case 'long-term':
              return credentialsFor(++serial)
            case 'expired':
              return credentialsFor(++serial, new Date(clock.now() - 1))
            case 'fail':
              throw Object.assign(new CredkitError('refresh failed'), { retryable: next.retryable })
          }
        }
        const store = memoryStore({ now: clock.now })
        const cache = cached(provider, {
          now: clock.now,
          random: () => randomValue,
          crossRequestSafe: false,
          sleep: () => flush(),
          ...(withStore ? { store, key: 'k' } : {}),
        })
        let last: Credentials | undefined
        for (const action of steps) {
          if (action.kind === 'advance') clock.advance(action.ms)
          else if (action.kind === 'invalidate') {
            cache.invalidate()
            last = undefined
          }
          else {
            const before = calls
            const lastWasFresh =
              last !== undefined && (last.expiration === undefined || last.expiration.getTime() - clock.now() > 15 * minute) && !action.forceRefresh
            const results = await Promise.allSettled(Array.from({ length: action.concurrent }, () => cache({ forceRefresh: action.forceRefresh })))
            await flush()
            for (const result of results) {
              if (result.status === 'fulfilled') {
                const expiration = result.value.expiration
                expect(expiration === undefined || expiration.getTime() > clock.now()).toBe(true)
                last = result.value
              }
            }
            // At most one provider call per call step (single flight; a background refresh counts).
            expect(calls - before).toBeLessThanOrEqual(1)
            if (lastWasFresh) expect(calls).toBe(before)
          }
        }
      }),
      { numRuns: 300 },
    )
  })
})
