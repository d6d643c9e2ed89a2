import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { refreshWindows } from './refresh-windows.js'

const minute = 60_000

describe('refreshWindows', () => {
  it("uses botocore's 15/10 min for sessions longer than 20 min", () => {
    expect(refreshWindows(12 * 60 * minute)).toEqual({ advisoryMs: 15 * minute, mandatoryMs: 10 * minute })
    expect(refreshWindows(60 * minute)).toEqual({ advisoryMs: 15 * minute, mandatoryMs: 10 * minute })
    expect(refreshWindows(20 * minute + 1)).toEqual({ advisoryMs: 15 * minute, mandatoryMs: 10 * minute })
  })

  it('scales down like aws-sdk-go-v2 for 20 min or less: 5 min advisory, 1 min mandatory', () => {
    expect(refreshWindows(20 * minute)).toEqual({ advisoryMs: 5 * minute, mandatoryMs: minute })
    expect(refreshWindows(15 * minute)).toEqual({ advisoryMs: 5 * minute, mandatoryMs: minute })
  })

  it('below 10 min, halves and quarters the lifetime so fresh credentials are never already in a window', () => {
    expect(refreshWindows(2 * minute)).toEqual({ advisoryMs: minute, mandatoryMs: 30_000 })
    expect(refreshWindows(0)).toEqual({ advisoryMs: 0, mandatoryMs: 0 })
    expect(refreshWindows(-5)).toEqual({ advisoryMs: 0, mandatoryMs: 0 })
  })

  it('always leaves mandatory ≤ advisory < lifetime', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 48 * 60 * minute }), (lifetime) => {
        const { advisoryMs, mandatoryMs } = refreshWindows(lifetime)
        return mandatoryMs <= advisoryMs && advisoryMs < lifetime
      }),
    )
  })
})
