import { credentialsXml } from '../role-session.js'
import { packedPolicySize, readSessionTags } from '../session-tags.js'
import type { StsAction } from '../sts-context.js'
import { StsFault } from '../sts-fault.js'

export const getFederationToken: StsAction = (context) => {
  const caller = context.caller!
  const user = caller.user
  if (caller.kind !== 'user' || user === undefined) {
    throw new StsFault('AccessDenied', 'Cannot call GetFederationToken with session credentials', 403)
  }
  const parameters = context.parameters
  const name = parameters.string('Name', { required: true, min: 2, max: 32, pattern: /^[\w+=,.@-]*$/ })!
  const durationSeconds = parameters.integer('DurationSeconds', 900, 129600) ?? 43200
  const policy = parameters.string('Policy', { min: 1, max: 2048 })
  const tags = readSessionTags(parameters)
  const session = context.sessions.issue({
    kind: 'federated-user',
    issuedAt: context.clock.now(),
    lifetimeSeconds: context.lifetimeOverride ?? durationSeconds,
    accountId: user.accountId,
    arn: `arn:aws:sts::${user.accountId}:federated-user/${name}`,
    userId: `${user.accountId}:${name}`,
    roleArn: undefined,
    user,
    chained: false,
    mfaAuthenticated: false,
    sourceIdentity: undefined,
    tags,
  })
  return [
    credentialsXml(session),
    ['FederatedUser', [['Arn', session.arn], ['FederatedUserId', session.userId]]],
    ['PackedPolicySize', packedPolicySize(policy, parameters.members('PolicyArns').length, tags)],
  ]
}
