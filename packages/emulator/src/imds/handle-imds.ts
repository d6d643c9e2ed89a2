import type { IncomingHttpHeaders } from 'node:http'
import type { Clock } from '../clock.js'
import { formatTimestamp, stableId } from '../identifiers.js'
import type { ResolvedConfig, ResolvedImds } from '../resolved-config.js'
import type { RoleCredentialVendor } from '../role-credential-vendor.js'
import { textReply, type Reply } from '../http/reply.js'
import { imdsJson } from './imds-json.js'
import type { ImdsTokens } from './imds-tokens.js'

export interface ImdsDependencies {
  readonly config: ResolvedConfig
  readonly imds: ResolvedImds
  readonly tokens: ImdsTokens
  readonly vendor: RoleCredentialVendor
  readonly clock: Clock
}

const ttlHeader = 'x-aws-ec2-metadata-token-ttl-seconds'
const tokenHeader = 'x-aws-ec2-metadata-token'

const notFound = (): Reply => ({
  status: 404,
  headers: { 'content-type': 'text/html' },
  body:
    '<?xml version="1.0" encoding="iso-8859-1"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"\n\t"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n' +
    '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">\n <head>\n  <title>404 - Not Found</title>\n </head>\n <body>\n  <h1>404 - Not Found</h1>\n </body>\n</html>\n',
})
const unauthorized = (): Reply => ({ status: 401, headers: { 'content-type': 'text/plain' }, body: '' })

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** `/latest/api/token` and `/latest/meta-data/…`, `/latest/dynamic/…` as on an EC2 instance. */
export function handleImds(method: string, path: string, headers: IncomingHttpHeaders, dependencies: ImdsDependencies, lifetimeOverride: number | undefined): Reply {
  const { imds, tokens } = dependencies
  if (path === '/latest/api/token') {
    if (method !== 'PUT') return { status: 405, headers: { allow: 'PUT' }, body: '' }
    // IMDS refuses tokens to requests that went through a proxy: a forwarded request is an SSRF.
    if (header(headers, 'x-forwarded-for') !== undefined) return { status: 403, body: '' }
    const ttlText = header(headers, ttlHeader)
    const ttl = ttlText !== undefined && /^\d{1,5}$/.test(ttlText) ? Number(ttlText) : Number.NaN
    if (!(ttl >= 1 && ttl <= 21600)) return { status: 400, body: '' }
    return textReply(200, tokens.issue(ttl), { [ttlHeader]: String(ttl) })
  }
  if (method !== 'GET' && method !== 'HEAD') return { status: 405, headers: { allow: 'GET, HEAD' }, body: '' }
  const token = header(headers, tokenHeader)
  let tokenTtl: number | undefined
  if (token !== undefined) {
    tokenTtl = tokens.remaining(token)
    if (tokenTtl === undefined) return unauthorized()
  } else if (!imds.v1) {
    return unauthorized()
  }
  const answer = route(path, dependencies, lifetimeOverride)
  if (answer === undefined) return notFound()
  const extra: Record<string, string> = tokenTtl === undefined ? {} : { [ttlHeader]: String(tokenTtl) }
  return textReply(200, answer, extra)
}

function route(path: string, dependencies: ImdsDependencies, lifetimeOverride: number | undefined): string | undefined {
  const { imds, config, vendor, clock } = dependencies
  const role = imds.role
  const account = role === undefined ? config.accountId : config.roles.find((candidate) => candidate.name === role)?.accountId ?? config.accountId
  const privateIp = '10.0.0.10'
  const hostname = `ip-10-0-0-10.${config.region === 'us-east-1' ? 'ec2.internal' : `${config.region}.compute.internal`}`
  const credentials = (name: string, extended: boolean) => {
    if (name !== role) return undefined
    const session = vendor.current(role, imds.instanceId, lifetimeOverride ?? imds.credentialsLifetime)
    if (session === undefined) return undefined
    return imdsJson({
      Code: 'Success',
      LastUpdated: formatTimestamp(session.issuedAt),
      Type: 'AWS-HMAC',
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      Token: session.sessionToken,
      Expiration: formatTimestamp(session.expiration),
      ...(extended ? { AccountId: session.accountId } : {}),
    })
  }
  const metaData = '/latest/meta-data/'
  if (path === '/latest/dynamic/instance-identity/document') {
    return JSON.stringify(
      {
        accountId: account,
        architecture: 'x86_64',
        availabilityZone: imds.availabilityZone,
        imageId: imds.amiId,
        instanceId: imds.instanceId,
        instanceType: imds.instanceType,
        pendingTime: '2024-01-01T00:00:00Z',
        privateIp,
        region: config.region,
        version: '2017-09-30',
      },
      null,
      2,
    )
  }
  if (path === '/latest/dynamic/' || path === '/latest/dynamic') return 'instance-identity/'
  if (path === '/latest/dynamic/instance-identity/') return 'document'
  if (path === '/latest/' || path === '/latest') return 'dynamic\nmeta-data'
  if (!path.startsWith(metaData) && path !== '/latest/meta-data') return undefined
  const rest = path === '/latest/meta-data' ? '' : path.slice(metaData.length)
  switch (rest) {
    case '':
      return ['ami-id', 'hostname', ...(role === undefined ? [] : ['iam/']), 'instance-id', 'instance-type', 'local-hostname', 'local-ipv4', 'placement/'].join('\n')
    case 'ami-id':
      return imds.amiId
    case 'instance-id':
      return imds.instanceId
    case 'instance-type':
      return imds.instanceType
    case 'hostname':
    case 'local-hostname':
      return hostname
    case 'local-ipv4':
      return privateIp
    case 'placement/':
      return 'availability-zone\nregion'
    case 'placement/availability-zone':
      return imds.availabilityZone
    case 'placement/region':
      return config.region
    case 'iam/':
      return role === undefined ? undefined : 'info\nsecurity-credentials/'
    case 'iam/info':
      return role === undefined
        ? undefined
        : imdsJson({
            Code: 'Success',
            LastUpdated: formatTimestamp(clock.now()),
            InstanceProfileArn: `arn:aws:iam::${account}:instance-profile/${role}`,
            InstanceProfileId: stableId('AIPA', `arn:aws:iam::${account}:instance-profile/${role}`),
          })
    case 'iam/security-credentials/':
    case 'iam/security-credentials-extended/':
      return role
  }
  if (rest.startsWith('iam/security-credentials/')) return credentials(rest.slice('iam/security-credentials/'.length), false)
  if (rest.startsWith('iam/security-credentials-extended/')) return credentials(rest.slice('iam/security-credentials-extended/'.length), true)
  return undefined
}
