import type { Clock } from './clock.js'
import type { ResolvedConfig } from './resolved-config.js'
import type { Session, SessionStore } from './session-store.js'

/**
 * Role credentials for IMDS and the container endpoint. Like the real services it hands out the
 * same credentials until they come close to expiry, then rotates them, so clients see stable
 * keys between refreshes.
 */
export interface RoleCredentialVendor {
  /** Undefined when the role is not configured. */
  current(roleName: string, sessionName: string, lifetimeSeconds: number): Session | undefined
}

export function createRoleCredentialVendor(config: ResolvedConfig, sessions: SessionStore, clock: Clock): RoleCredentialVendor {
  const cache = new Map<string, Session>()
  return {
    current(roleName, sessionName, lifetimeSeconds) {
      const role = config.roles.find((candidate) => candidate.name === roleName)
      if (role === undefined) return undefined
      const now = clock.now()
      const key = `${roleName}\u0000${sessionName}\u0000${lifetimeSeconds}`
      const cached = cache.get(key)
      // Rotate once less than five minutes (or half the lifetime, for short test lifetimes) remain.
      const rotateWithin = Math.min(300, lifetimeSeconds / 2) * 1000
      if (cached !== undefined && cached.expiration.getTime() - now.getTime() > rotateWithin) return cached
      const session = sessions.issue({
        kind: 'assumed-role',
        issuedAt: now,
        lifetimeSeconds,
        accountId: role.accountId,
        arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`,
        userId: `${role.roleId}:${sessionName}`,
        roleArn: role.arn,
        user: undefined,
        chained: false,
        mfaAuthenticated: false,
        sourceIdentity: undefined,
        tags: role.tags,
      })
      cache.set(key, session)
      return session
    },
  }
}
