import type { EmulatorConfig } from './emulator-config.js'
import { EmulatorConfigError } from './errors.js'
import { defaultAccountId, defaultOidcAudience, defaultRegion, defaultRoleName, defaultUser } from './default-config.js'
import type { EndpointName, FaultSpec } from './faults/fault-spec.js'
import { validateEndpointName, validateFaultSpec } from './faults/validate-fault-spec.js'
import { stableId } from './identifiers.js'
import { isLoopbackAddress } from './is-loopback-address.js'
import type { ResolvedConfig, ResolvedRole, ResolvedUser, ResolvedWebIdentityTrust } from './resolved-config.js'

type Json = Record<string, unknown>

function fail(where: string, message: string): never {
  throw new EmulatorConfigError(`${where}: ${message}`)
}

function objectAt(value: unknown, where: string): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(where, 'must be an object')
  return value as Json
}

function onlyKeys(record: Json, where: string, keys: readonly string[]): void {
  for (const key of Object.keys(record)) {
    if (!keys.includes(key)) fail(`${where}.${key}`, `unknown field (expected one of ${keys.join(', ')})`)
  }
}

function stringAt(record: Json, key: string, where: string, pattern?: RegExp): string | undefined {
  const value = record[key]
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value === '') fail(`${where}.${key}`, 'must be a non-empty string')
  if (pattern !== undefined && !pattern.test(value)) fail(`${where}.${key}`, `${JSON.stringify(value)} does not match ${pattern}`)
  return value
}

function requiredString(record: Json, key: string, where: string, pattern?: RegExp): string {
  return stringAt(record, key, where, pattern) ?? fail(`${where}.${key}`, 'is required')
}

function integerAt(record: Json, key: string, where: string, minimum: number, maximum: number): number | undefined {
  const value = record[key]
  if (value === undefined) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum || value > maximum) {
    fail(`${where}.${key}`, `must be an integer from ${minimum} to ${maximum}`)
  }
  return value
}

function booleanAt(record: Json, key: string, where: string): boolean | undefined {
  const value = record[key]
  if (value === undefined) return undefined
  if (typeof value !== 'boolean') fail(`${where}.${key}`, 'must be true or false')
  return value
}

function stringsAt(record: Json, key: string, where: string): string[] | undefined {
  const value = record[key]
  if (value === undefined) return undefined
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string' && entry !== '')) {
    fail(`${where}.${key}`, 'must be an array of non-empty strings')
  }
  return value as string[]
}

function arrayAt(record: Json, key: string, where: string): unknown[] | undefined {
  const value = record[key]
  if (value === undefined) return undefined
  if (!Array.isArray(value)) fail(`${where}.${key}`, 'must be an array')
  return value
}

const accountPattern = /^\d{12}$/
const namePattern = /^[\w+=,.@-]{1,64}$/
const accessKeyPattern = /^[A-Z0-9]{16,128}$/

function resolveUser(value: unknown, where: string, fallbackAccount: string): ResolvedUser {
  const record = objectAt(value, where)
  onlyKeys(record, where, ['name', 'accessKeyId', 'secretAccessKey', 'accountId', 'mfaDevices'])
  const name = requiredString(record, 'name', where, namePattern)
  const accountId = stringAt(record, 'accountId', where, accountPattern) ?? fallbackAccount
  const arn = `arn:aws:iam::${accountId}:user/${name}`
  const mfaDevices = new Map<string, string>()
  const totpDevices = new Map<string, string>()
  for (const [index, device] of (arrayAt(record, 'mfaDevices', where) ?? []).entries()) {
    const deviceWhere = `${where}.mfaDevices[${index}]`
    const deviceRecord = objectAt(device, deviceWhere)
    onlyKeys(deviceRecord, deviceWhere, ['serialNumber', 'code', 'totpSecret'])
    const serialNumber = requiredString(deviceRecord, 'serialNumber', deviceWhere)
    const totpSecret = stringAt(deviceRecord, 'totpSecret', deviceWhere, /^[A-Za-z2-7=\s]{16,}$/)
    const code = stringAt(deviceRecord, 'code', deviceWhere, /^\d{6}$/) ?? (totpSecret === undefined ? '123456' : undefined)
    if (code !== undefined) mfaDevices.set(serialNumber, code)
    if (totpSecret !== undefined) totpDevices.set(serialNumber, totpSecret)
  }
  return {
    name,
    accessKeyId: requiredString(record, 'accessKeyId', where, accessKeyPattern),
    secretAccessKey: requiredString(record, 'secretAccessKey', where),
    accountId,
    arn,
    userId: stableId('AIDA', arn),
    mfaDevices,
    totpDevices,
  }
}

function resolveWebIdentity(value: unknown, where: string): ResolvedWebIdentityTrust | undefined {
  if (value === undefined || value === false) return undefined
  if (value === true) return { audiences: undefined, subjects: undefined }
  const record = objectAt(value, where)
  onlyKeys(record, where, ['audiences', 'subjects'])
  return { audiences: stringsAt(record, 'audiences', where), subjects: stringsAt(record, 'subjects', where) }
}

function resolveRole(value: unknown, where: string, fallbackAccount: string): ResolvedRole {
  const record = objectAt(value, where)
  onlyKeys(record, where, ['name', 'accountId', 'path', 'maxSessionDuration', 'trust', 'tags'])
  const name = requiredString(record, 'name', where, namePattern)
  const accountId = stringAt(record, 'accountId', where, accountPattern) ?? fallbackAccount
  const path = stringAt(record, 'path', where, /^\/([\w+=,.@-]+\/)*$/) ?? '/'
  const arn = `arn:aws:iam::${accountId}:role${path}${name}`
  const trust = record['trust'] === undefined ? {} : objectAt(record['trust'], `${where}.trust`)
  onlyKeys(trust, `${where}.trust`, ['principals', 'externalId', 'mfaRequired', 'webIdentity', 'saml'])
  const tagsValue = record['tags'] === undefined ? {} : objectAt(record['tags'], `${where}.tags`)
  const tags: Record<string, string> = {}
  for (const [key, tag] of Object.entries(tagsValue)) {
    if (typeof tag !== 'string') fail(`${where}.tags.${key}`, 'must be a string')
    tags[key] = tag
  }
  return {
    name,
    accountId,
    path,
    arn,
    roleId: stableId('AROA', arn),
    maxSessionDuration: integerAt(record, 'maxSessionDuration', where, 3600, 43200) ?? 3600,
    principals: stringsAt(trust, 'principals', `${where}.trust`) ?? [accountId],
    externalId: stringAt(trust, 'externalId', `${where}.trust`),
    mfaRequired: booleanAt(trust, 'mfaRequired', `${where}.trust`) ?? false,
    webIdentity: resolveWebIdentity(trust['webIdentity'], `${where}.trust.webIdentity`),
    saml: booleanAt(trust, 'saml', `${where}.trust`) ?? false,
    tags,
  }
}

/**
 * Checks a configuration (typed options or parsed JSON, so every field is checked at run time)
 * and fills in defaults. Throws EmulatorConfigError naming the offending field.
 */
export function resolveConfig(input: EmulatorConfig | unknown = {}): ResolvedConfig {
  const record = objectAt(input, 'config')
  onlyKeys(record, 'config', [
    'host', 'port', 'region', 'accountId', 'users', 'roles', 'imds', 'container', 'oidc', 'saml', 'maxClockSkew', 'faults',
  ])
  const host = stringAt(record, 'host', 'config') ?? '127.0.0.1'
  if (!isLoopbackAddress(host)) fail('config.host', `${JSON.stringify(host)} is not a loopback address; the emulator only listens on loopback`)
  const port = integerAt(record, 'port', 'config', 0, 65535) ?? 0
  const region = stringAt(record, 'region', 'config', /^[a-z]{2}(-[a-z]+)+-\d+$/) ?? defaultRegion
  const accountId = stringAt(record, 'accountId', 'config', accountPattern) ?? defaultAccountId

  const userValues = arrayAt(record, 'users', 'config')
  const roleValues = arrayAt(record, 'roles', 'config')
  const users = (userValues ?? [{
    ...defaultUser,
    mfaDevices: [{ serialNumber: `arn:aws:iam::${accountId}:mfa/${defaultUser.name}`, code: '123456' }],
  }]).map((user, index) => resolveUser(user, `config.users[${index}]`, accountId))
  const roles = (roleValues ?? [{ name: defaultRoleName, trust: { webIdentity: true, saml: true } }]).map((role, index) =>
    resolveRole(role, `config.roles[${index}]`, accountId),
  )
  const seenKeys = new Set<string>()
  for (const user of users) {
    if (seenKeys.has(user.accessKeyId)) fail('config.users', `access key ${user.accessKeyId} is used twice`)
    seenKeys.add(user.accessKeyId)
  }
  const seenRoles = new Set<string>()
  for (const role of roles) {
    if (seenRoles.has(role.arn)) fail('config.roles', `role ${role.arn} is defined twice`)
    seenRoles.add(role.arn)
  }
  const roleNamed = (name: string | undefined, where: string) => {
    if (name !== undefined && !roles.some((role) => role.name === name)) fail(where, `no role named ${JSON.stringify(name)} in config.roles`)
    return name
  }
  const firstRole = roles[0]?.name

  let imds: ResolvedConfig['imds']
  if (record['imds'] !== false) {
    const imdsRecord = record['imds'] === undefined ? {} : objectAt(record['imds'], 'config.imds')
    onlyKeys(imdsRecord, 'config.imds', ['role', 'v1', 'instanceId', 'availabilityZone', 'instanceType', 'amiId', 'credentialsLifetime'])
    imds = {
      role: imdsRecord['role'] === null ? undefined : roleNamed(stringAt(imdsRecord, 'role', 'config.imds') ?? firstRole, 'config.imds.role'),
      v1: booleanAt(imdsRecord, 'v1', 'config.imds') ?? true,
      instanceId: stringAt(imdsRecord, 'instanceId', 'config.imds', /^i-[0-9a-f]{8,17}$/) ?? 'i-0123456789abcdef0',
      availabilityZone: stringAt(imdsRecord, 'availabilityZone', 'config.imds') ?? `${region}a`,
      instanceType: stringAt(imdsRecord, 'instanceType', 'config.imds') ?? 't3.micro',
      amiId: stringAt(imdsRecord, 'amiId', 'config.imds') ?? 'ami-0123456789abcdef0',
      credentialsLifetime: integerAt(imdsRecord, 'credentialsLifetime', 'config.imds', 1, 43200) ?? 21600,
    }
  }

  let container: ResolvedConfig['container']
  if (record['container'] !== false) {
    const containerRecord = record['container'] === undefined ? {} : objectAt(record['container'], 'config.container')
    onlyKeys(containerRecord, 'config.container', ['role', 'authorizationToken', 'credentialsLifetime'])
    const authorizationToken = stringAt(containerRecord, 'authorizationToken', 'config.container')
    if (authorizationToken !== undefined && /[\r\n]/.test(authorizationToken)) {
      fail('config.container.authorizationToken', 'must not contain CR or LF')
    }
    container = {
      role: containerRecord['role'] === null
        ? undefined
        : roleNamed(stringAt(containerRecord, 'role', 'config.container') ?? firstRole, 'config.container.role'),
      authorizationToken,
      credentialsLifetime: integerAt(containerRecord, 'credentialsLifetime', 'config.container', 1, 43200) ?? 21600,
    }
  }

  const oidcRecord = record['oidc'] === undefined ? {} : objectAt(record['oidc'], 'config.oidc')
  onlyKeys(oidcRecord, 'config.oidc', ['audiences'])
  const samlRecord = record['saml'] === undefined ? {} : objectAt(record['saml'], 'config.saml')
  onlyKeys(samlRecord, 'config.saml', ['providers'])
  const samlProviders = (arrayAt(samlRecord, 'providers', 'config.saml') ?? [{ name: 'emulator-saml', issuer: 'urn:credkit:emulator:saml' }]).map(
    (provider, index) => {
      const where = `config.saml.providers[${index}]`
      const providerRecord = objectAt(provider, where)
      onlyKeys(providerRecord, where, ['name', 'issuer'])
      const name = requiredString(providerRecord, 'name', where, /^[\w.-]{1,128}$/)
      return { name, issuer: requiredString(providerRecord, 'issuer', where), arn: `arn:aws:iam::${accountId}:saml-provider/${name}` }
    },
  )

  const faults: Partial<Record<EndpointName, FaultSpec>> = {}
  if (record['faults'] !== undefined) {
    for (const [endpoint, fault] of Object.entries(objectAt(record['faults'], 'config.faults'))) {
      faults[validateEndpointName(endpoint, 'config.faults')] = validateFaultSpec(fault, `config.faults.${endpoint}`)
    }
  }

  return {
    host,
    port,
    region,
    accountId,
    users,
    roles,
    imds,
    container,
    oidcAudiences: stringsAt(oidcRecord, 'audiences', 'config.oidc') ?? [defaultOidcAudience],
    samlProviders,
    maxClockSkew: integerAt(record, 'maxClockSkew', 'config', 1, 86400) ?? 900,
    faults,
  }
}
