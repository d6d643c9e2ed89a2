import { newSecretAccessKey, newSessionToken, newTemporaryAccessKeyId } from './identifiers.js'
import type { ResolvedUser } from './resolved-config.js'

export type SessionKind = 'assumed-role' | 'federated-user' | 'session-token'

/** Temporary credentials the emulator issued, with the identity they carry. */
export interface Session {
  readonly kind: SessionKind
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken: string
  readonly issuedAt: Date
  readonly expiration: Date
  readonly accountId: string
  /** What GetCallerIdentity reports. */
  readonly arn: string
  readonly userId: string
  readonly roleArn: string | undefined
  /** The IAM user behind GetSessionToken / GetFederationToken credentials. */
  readonly user: ResolvedUser | undefined
  /** A role session created from another role session (limited to one hour, as AWS). */
  readonly chained: boolean
  readonly mfaAuthenticated: boolean
  readonly sourceIdentity: string | undefined
  readonly tags: Readonly<Record<string, string>>
}

export type SessionInput = Omit<Session, 'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'expiration'> & {
  readonly lifetimeSeconds: number
}

export interface SessionStore {
  issue(input: SessionInput): Session
  find(accessKeyId: string): Session | undefined
  /** Forget sessions that expired more than a day ago (the ExpiredToken answer needs recent ones). */
  prune(now: Date): void
}

const keepExpiredFor = 24 * 3600 * 1000

export function createSessionStore(): SessionStore {
  const sessions = new Map<string, Session>()
  return {
    issue(input) {
      const { lifetimeSeconds, ...identity } = input
      const session: Session = {
        ...identity,
        accessKeyId: newTemporaryAccessKeyId(),
        secretAccessKey: newSecretAccessKey(),
        sessionToken: newSessionToken(),
        expiration: new Date(input.issuedAt.getTime() + lifetimeSeconds * 1000),
      }
      sessions.set(session.accessKeyId, session)
      return session
    },
    find: (accessKeyId) => sessions.get(accessKeyId),
    prune(now) {
      for (const [key, session] of sessions) {
        if (now.getTime() - session.expiration.getTime() > keepExpiredFor) sessions.delete(key)
      }
    },
  }
}
