import type { Clock } from '../clock.js'
import type { FaultRegistry } from '../faults/fault-registry.js'
import type { OidcIssuer } from '../oidc/oidc-issuer.js'
import type { ResolvedConfig } from '../resolved-config.js'
import type { SessionStore } from '../session-store.js'
import { assumeRole } from './actions/assume-role.js'
import { assumeRoleWithSaml } from './actions/assume-role-with-saml.js'
import { assumeRoleWithWebIdentity } from './actions/assume-role-with-web-identity.js'
import { decodeAuthorizationMessage } from './actions/decode-authorization-message.js'
import { getAccessKeyInfo } from './actions/get-access-key-info.js'
import { getCallerIdentity } from './actions/get-caller-identity.js'
import { getFederationToken } from './actions/get-federation-token.js'
import { getSessionToken } from './actions/get-session-token.js'
import { authenticate } from './authenticate.js'
import type { AuthorizationMessages } from './authorization-messages.js'
import type { Caller } from './caller.js'
import type { Parameters } from './parameters.js'
import type { IncomingStsRequest } from './signed-request.js'
import type { StsAction } from './sts-context.js'
import { accessDenied, StsFault } from './sts-fault.js'
import { renderStsError, renderStsResult } from './sts-xml.js'
import { readSignatureClaim } from './signature-claim.js'

export const stsVersion = '2011-06-15'

const actions: Record<string, StsAction> = {
  AssumeRole: assumeRole,
  AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity,
  AssumeRoleWithSAML: assumeRoleWithSaml,
  GetSessionToken: getSessionToken,
  GetFederationToken: getFederationToken,
  GetCallerIdentity: getCallerIdentity,
  GetAccessKeyInfo: getAccessKeyInfo,
  DecodeAuthorizationMessage: decodeAuthorizationMessage,
}

export const stsActionNames = Object.keys(actions)

/** The two actions that take no AWS credentials (smithy.api#noAuth). */
const unsignedActions = new Set(['AssumeRoleWithWebIdentity', 'AssumeRoleWithSAML'])

/** What each kind of temporary credentials may call, per the STS user guide. */
const allowedForKind: Partial<Record<Caller['kind'], ReadonlySet<string>>> = {
  'federated-user': new Set(['GetCallerIdentity']),
  'session-token': new Set(['AssumeRole', 'GetCallerIdentity']),
}

export interface StsDependencies {
  readonly config: ResolvedConfig
  readonly sessions: SessionStore
  readonly clock: Clock
  readonly issuer: OidcIssuer
  readonly authorizationMessages: AuthorizationMessages
  readonly faults: FaultRegistry
}

export interface StsAnswer {
  readonly status: number
  readonly body: string
  readonly accessKeyId: string | undefined
}

export function stsErrorBody(fault: StsFault, requestId: string): string {
  return renderStsError(fault.type, fault.code, fault.message, requestId)
}

/** Answers one STS Query API request (everything but HTTP framing and faults). */
export async function handleSts(
  request: IncomingStsRequest,
  parameters: Parameters,
  requestId: string,
  dependencies: StsDependencies,
  lifetimeOverride: number | undefined,
): Promise<StsAnswer> {
  let accessKeyId: string | undefined
  try {
    const action = parameters.optional('Action') ?? ''
    const version = parameters.optional('Version')
    const handler = Object.hasOwn(actions, action) ? actions[action] : undefined
    if (handler === undefined || version !== stsVersion) {
      throw new StsFault('InvalidAction', `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`)
    }
    let caller: Caller | undefined
    if (!unsignedActions.has(action)) {
      const claim = readSignatureClaim(request)
      if (claim === undefined) throw new StsFault('MissingAuthenticationToken', 'Request is missing Authentication Token', 403)
      accessKeyId = claim.accessKeyId
      caller = await authenticate(request, claim, dependencies.config, dependencies.sessions, dependencies.clock)
      const allowed = allowedForKind[caller.kind]
      if (allowed !== undefined && !allowed.has(action)) {
        if (action === 'GetSessionToken' || action === 'GetFederationToken') {
          throw new StsFault('AccessDenied', `Cannot call ${action} with session credentials`, 403)
        }
        throw accessDenied(caller.arn, action, '*')
      }
    }
    const result = await handler({ ...dependencies, parameters, caller, lifetimeOverride })
    return { status: 200, body: renderStsResult(action, result, requestId), accessKeyId }
  } catch (error) {
    if (error instanceof StsFault) return { status: error.status, body: stsErrorBody(error, requestId), accessKeyId }
    // A bug in the emulator must still look like an STS answer, not a dropped connection.
    const fault = new StsFault('InternalFailure', `The emulator failed: ${(error as Error)?.message ?? String(error)}`, 500)
    return { status: 500, body: stsErrorBody(fault, requestId), accessKeyId }
  }
}
