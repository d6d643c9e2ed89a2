import type { Clock } from '../clock.js'
import { newImdsToken } from '../identifiers.js'

/** IMDSv2 session tokens and when each stops being accepted. */
export interface ImdsTokens {
  issue(ttlSeconds: number): string
  /** Seconds left, or undefined when unknown or expired. */
  remaining(token: string): number | undefined
}

export function createImdsTokens(clock: Clock): ImdsTokens {
  const tokens = new Map<string, number>()
  return {
    issue(ttlSeconds) {
      const now = clock.now().getTime()
      for (const [token, expiresAt] of tokens) if (expiresAt <= now) tokens.delete(token)
      const token = newImdsToken()
      tokens.set(token, now + ttlSeconds * 1000)
      return token
    },
    remaining(token) {
      const expiresAt = tokens.get(token)
      if (expiresAt === undefined) return undefined
      const left = Math.floor((expiresAt - clock.now().getTime()) / 1000)
      return left > 0 ? left : undefined
    },
  }
}
