/**
 * The emulator's notion of now. Tests move it (`emulator.clock.advance(3_600_000)`) to expire
 * issued credentials or to make clients' signatures look skewed, without waiting.
 */
export interface Clock {
  now(): Date
  /** Moves the emulator's clock forward (or back, with a negative number) by milliseconds. */
  advance(milliseconds: number): void
  /** Current offset from the base clock, milliseconds. */
  readonly offset: number
  reset(): void
}

export function createClock(base: () => Date = () => new Date()): Clock {
  let offset = 0
  return {
    now: () => new Date(base().getTime() + offset),
    advance(milliseconds) {
      if (!Number.isFinite(milliseconds)) throw new RangeError('clock.advance: milliseconds must be a finite number')
      offset += milliseconds
    },
    get offset() {
      return offset
    },
    reset() {
      offset = 0
    },
  }
}
