import type { ResolvedRole } from '../resolved-config.js'
import type { Session } from '../session-store.js'
import { formatTimestamp } from '../identifiers.js'
import type { Caller } from './caller.js'
import { sessionNamePattern, type Parameters } from './parameters.js'
import { packedPolicySize, readSessionTags } from './session-tags.js'
import type { StsContext } from './sts-context.js'
import { StsFault, validationError } from './sts-fault.js'
import type { XmlField } from './sts-xml.js'

/** Role chaining caps a session at one hour, whatever the role allows. */
export const chainedSessionLimit = 3600

export function findRole(context: StsContext, roleArn: string): ResolvedRole | undefined {
  return context.config.roles.find((role) => role.arn === roleArn)
}

export function readRoleArn(parameters: Parameters): string {
  return parameters.string('RoleArn', { required: true, min: 20, max: 2048 })!
}

export function readSessionName(parameters: Parameters, required: boolean): string | undefined {
  return parameters.string('RoleSessionName', { required, min: 2, max: 64, pattern: sessionNamePattern })
}

export interface SessionRequest {
  readonly durationSeconds: number
  readonly policy: string | undefined
  readonly policyArnCount: number
  readonly tags: Record<string, string>
  readonly sourceIdentity: string | undefined
}

/** DurationSeconds, Policy, PolicyArns, Tags and SourceIdentity, checked as STS checks them. */
export function readSessionRequest(parameters: Parameters, role: ResolvedRole | undefined, chained: boolean): SessionRequest {
  const durationSeconds = parameters.integer('DurationSeconds', 900, 43200) ?? 3600
  if (role !== undefined && durationSeconds > role.maxSessionDuration) {
    throw new StsFault('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')
  }
  if (chained && durationSeconds > chainedSessionLimit) {
    throw new StsFault('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.')
  }
  const policy = parameters.string('Policy', { min: 1, max: 2048 })
  if (policy !== undefined) {
    try {
      const parsed: unknown = JSON.parse(policy)
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object')
    } catch {
      throw new StsFault('MalformedPolicyDocument', 'The policy is not in the valid JSON format.')
    }
  }
  const policyArns = parameters.members('PolicyArns')
  if (policyArns.length > 10) throw validationError('policyArns', `[${policyArns.length} ARNs]`, 'Member must have length less than or equal to 10')
  for (const entry of policyArns) {
    const arn = entry.get('arn')
    if (arn === undefined || !/^arn:aws[\w-]*:iam::(\d{12}|aws):policy\//.test(arn)) {
      throw validationError('policyArns.member.arn', arn, 'Member must be a valid IAM policy ARN')
    }
  }
  const tags = readSessionTags(parameters)
  const sourceIdentity = parameters.string('SourceIdentity', { min: 2, max: 64, pattern: /^[\w+=,.@-]*$/ })
  return { durationSeconds, policy, policyArnCount: policyArns.length, tags, sourceIdentity }
}

/** Issues the role session and returns it; the caller's source identity carries over, as in AWS. */
export function issueRoleSession(
  context: StsContext,
  role: ResolvedRole,
  sessionName: string,
  request: SessionRequest,
  details: { chained: boolean; mfaAuthenticated: boolean; caller: Caller | undefined },
): Session {
  const inherited = details.caller?.session?.sourceIdentity
  if (inherited !== undefined && request.sourceIdentity !== undefined && request.sourceIdentity !== inherited) {
    throw new StsFault('AccessDenied', 'SourceIdentity cannot be changed once set in a role session chain', 403)
  }
  return context.sessions.issue({
    kind: 'assumed-role',
    issuedAt: context.clock.now(),
    lifetimeSeconds: context.lifetimeOverride ?? request.durationSeconds,
    accountId: role.accountId,
    arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`,
    userId: `${role.roleId}:${sessionName}`,
    roleArn: role.arn,
    user: undefined,
    chained: details.chained,
    mfaAuthenticated: details.mfaAuthenticated,
    sourceIdentity: request.sourceIdentity ?? inherited,
    tags: { ...role.tags, ...request.tags },
  })
}

export function credentialsXml(session: Session): XmlField {
  return [
    'Credentials',
    [
      ['AccessKeyId', session.accessKeyId],
      ['SecretAccessKey', session.secretAccessKey],
      ['SessionToken', session.sessionToken],
      ['Expiration', formatTimestamp(session.expiration)],
    ],
  ]
}

export function assumedRoleUserXml(session: Session): XmlField {
  return ['AssumedRoleUser', [['AssumedRoleId', session.userId], ['Arn', session.arn]]]
}

export function packedSizeXml(request: SessionRequest): XmlField {
  return ['PackedPolicySize', packedPolicySize(request.policy, request.policyArnCount, request.tags)]
}
