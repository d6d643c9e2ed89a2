import { credentialsXml } from '../role-session.js'
import type { StsAction } from '../sts-context.js'
import { StsFault } from '../sts-fault.js'
import { checkMfa } from './assume-role.js'

export const getSessionToken: StsAction = (context) => {
  const caller = context.caller!
  const user = caller.user
  if (caller.kind !== 'user' || user === undefined) {
    throw new StsFault('AccessDenied', 'Cannot call GetSessionToken with session credentials', 403)
  }
  const durationSeconds = context.parameters.integer('DurationSeconds', 900, 129600) ?? 43200
  const mfaAuthenticated = checkMfa(context.parameters, caller, context.clock.now())
  const session = context.sessions.issue({
    kind: 'session-token',
    issuedAt: context.clock.now(),
    lifetimeSeconds: context.lifetimeOverride ?? durationSeconds,
    accountId: user.accountId,
    arn: user.arn,
    userId: user.userId,
    roleArn: undefined,
    user,
    chained: false,
    mfaAuthenticated,
    sourceIdentity: undefined,
    tags: {},
  })
  return [credentialsXml(session)]
}
