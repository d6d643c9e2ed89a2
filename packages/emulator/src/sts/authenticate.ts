import type { Clock } from '../clock.js'
import type { ResolvedConfig } from '../resolved-config.js'
import type { SessionStore } from '../session-store.js'
import { callerFromSession, callerFromUser, type Caller } from './caller.js'
import type { IncomingStsRequest } from './signed-request.js'
import { StsFault, invalidTokenMessage } from './sts-fault.js'
import { checkSignature } from './check-signature.js'
import { checkSignatureTime } from './check-signature-time.js'
import type { SignatureClaim } from './signature-claim.js'

/**
 * Who signed the request, checked in the order AWS appears to: the access key must exist, the
 * session token must belong to it, the signature must match, the signature must be fresh, and
 * temporary credentials must not have expired.
 */
export async function authenticate(
  request: IncomingStsRequest,
  claim: SignatureClaim,
  config: ResolvedConfig,
  sessions: SessionStore,
  clock: Clock,
): Promise<Caller> {
  const now = clock.now()
  const user = config.users.find((candidate) => candidate.accessKeyId === claim.accessKeyId)
  if (user !== undefined) {
    if (claim.sessionToken !== undefined && claim.sessionToken !== '') {
      throw new StsFault('InvalidClientTokenId', invalidTokenMessage, 403)
    }
    await checkSignature(request, claim, user.secretAccessKey)
    checkSignatureTime(claim, now, config.maxClockSkew)
    return callerFromUser(user)
  }
  const session = sessions.find(claim.accessKeyId)
  if (session === undefined || claim.sessionToken !== session.sessionToken) {
    throw new StsFault('InvalidClientTokenId', invalidTokenMessage, 403)
  }
  await checkSignature(request, claim, session.secretAccessKey)
  checkSignatureTime(claim, now, config.maxClockSkew)
  if (now.getTime() >= session.expiration.getTime()) {
    throw new StsFault('ExpiredToken', 'The security token included in the request is expired', 403)
  }
  return callerFromSession(session)
}
