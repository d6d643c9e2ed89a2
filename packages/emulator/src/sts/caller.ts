import type { ResolvedUser } from '../resolved-config.js'
import type { Session, SessionKind } from '../session-store.js'

/** The principal behind a signed STS call. */
export interface Caller {
  readonly kind: 'user' | SessionKind
  readonly accessKeyId: string
  readonly accountId: string
  readonly arn: string
  readonly userId: string
  /** The IAM user itself, or the user behind GetSessionToken/GetFederationToken credentials. */
  readonly user: ResolvedUser | undefined
  /** Set for role sessions. */
  readonly session: Session | undefined
  readonly mfaAuthenticated: boolean
}

export function callerFromUser(user: ResolvedUser): Caller {
  return {
    kind: 'user',
    accessKeyId: user.accessKeyId,
    accountId: user.accountId,
    arn: user.arn,
    userId: user.userId,
    user,
    session: undefined,
    mfaAuthenticated: false,
  }
}

export function callerFromSession(session: Session): Caller {
  return {
    kind: session.kind,
    accessKeyId: session.accessKeyId,
    accountId: session.accountId,
    arn: session.arn,
    userId: session.userId,
    user: session.user,
    session,
    mfaAuthenticated: session.mfaAuthenticated,
  }
}
