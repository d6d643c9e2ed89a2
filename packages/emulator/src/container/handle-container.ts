import type { IncomingHttpHeaders } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import { formatTimestamp } from '../identifiers.js'
import { jsonReply, type Reply } from '../http/reply.js'
import type { ResolvedContainer } from '../resolved-config.js'
import type { RoleCredentialVendor } from '../role-credential-vendor.js'

/** Path of the EKS Pod Identity agent (used for AWS_CONTAINER_CREDENTIALS_FULL_URI). */
export const containerFullPath = '/v1/credentials'
/** Prefix of ECS task credential paths (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI). */
export const containerRelativePrefix = '/v2/credentials/'

export function isContainerPath(path: string): boolean {
  return path === containerFullPath || path.startsWith(containerRelativePrefix)
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** ECS task role / EKS Pod Identity credentials: `{AccessKeyId, SecretAccessKey, Token, Expiration, …}`. */
export function handleContainer(
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  container: ResolvedContainer,
  relativeId: string,
  vendor: RoleCredentialVendor,
  lifetimeOverride: number | undefined,
): Reply {
  if (method !== 'GET') return jsonReply(405, { Code: 'MethodNotAllowed', Message: 'Only GET is supported' })
  if (path !== containerFullPath && path !== `${containerRelativePrefix}${relativeId}`) {
    return jsonReply(404, { Code: 'NotFound', Message: 'Credentials not found for this path' })
  }
  if (container.authorizationToken !== undefined) {
    const given = headers['authorization']
    if (given === undefined || given === '') {
      return jsonReply(400, { Code: 'InvalidRequest', Message: 'Authorization header is missing' })
    }
    if (!sameToken(String(given), container.authorizationToken)) {
      return jsonReply(401, { Code: 'AccessDenied', Message: 'Authorization token is invalid' })
    }
  }
  const session = container.role === undefined ? undefined : vendor.current(container.role, 'credkit-emulator-task', lifetimeOverride ?? container.credentialsLifetime)
  if (session === undefined) return jsonReply(404, { Code: 'NoCredentials', Message: 'No role is associated with this task' })
  return jsonReply(200, {
    AccessKeyId: session.accessKeyId,
    Expiration: formatTimestamp(session.expiration),
    RoleArn: session.roleArn,
    SecretAccessKey: session.secretAccessKey,
    Token: session.sessionToken,
    AccountId: session.accountId,
  })
}
