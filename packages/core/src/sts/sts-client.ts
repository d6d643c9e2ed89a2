import type { Credentials, CredentialsInput } from '../credentials.js'
import { uriEncode } from '../encoding.js'
import { InvalidSigningInputError } from '../errors.js'
import { createClockSkew } from '../http/clock-skew.js'
import { NetworkError, withRetries, type RetryOptions } from '../http/retry.js'
import { sign } from '../sign.js'
import { stsEndpoint } from './sts-endpoint.js'
import { clockSkewCodes, StsError, StsResponseError } from './sts-error.js'
import type * as Sts from './sts-types.js'
import { childElement, parseXml, textAt, XmlParseError, type XmlElement } from './xml.js'

export interface StsClientOptions {
  /** Default `us-east-1`, as the AWS SDKs when nothing is configured. */
  readonly region?: string
  /** Overrides the regional endpoint, e.g. the emulator's URL. */
  readonly endpoint?: string | URL
  readonly useFipsEndpoint?: boolean
  readonly useDualstackEndpoint?: boolean
  /** For every action but AssumeRoleWithWebIdentity and AssumeRoleWithSAML, which are unsigned. */
  readonly credentials?: CredentialsInput
  /** Read at each call, so a later polyfill or test double is seen. */
  readonly fetch?: typeof fetch
  readonly now?: () => number
  readonly retry?: RetryOptions
  readonly random?: () => number
}

export interface CallOptions {
  /** Stops the call, its retries and its waits; the signal's reason is thrown. */
  readonly signal?: AbortSignal
}

export interface StsClient {
  assumeRole(input: Sts.AssumeRoleInput, options?: CallOptions): Promise<Sts.AssumeRoleOutput>
  assumeRoleWithWebIdentity(
    input: Sts.AssumeRoleWithWebIdentityInput,
    options?: CallOptions,
  ): Promise<Sts.AssumeRoleWithWebIdentityOutput>
  assumeRoleWithSaml(input: Sts.AssumeRoleWithSamlInput, options?: CallOptions): Promise<Sts.AssumeRoleWithSamlOutput>
  getSessionToken(input?: Sts.GetSessionTokenInput, options?: CallOptions): Promise<Sts.GetSessionTokenOutput>
  getFederationToken(input: Sts.GetFederationTokenInput, options?: CallOptions): Promise<Sts.GetFederationTokenOutput>
  getCallerIdentity(options?: CallOptions): Promise<Sts.GetCallerIdentityOutput>
  getAccessKeyInfo(input: { accessKeyId: string }, options?: CallOptions): Promise<Sts.GetAccessKeyInfoOutput>
  decodeAuthorizationMessage(
    input: { encodedMessage: string },
    options?: CallOptions,
  ): Promise<Sts.DecodeAuthorizationMessageOutput>
  /** What the client has learnt of its clock's offset from STS's, in milliseconds. */
  readonly clockOffsetMs: number
}

type Parameters = [string, string | number | undefined][]

/** A fetch-only client for the STS Query API (version 2011-06-15). */
export function createStsClient(options: StsClientOptions = {}): StsClient {
  const region = options.region ?? 'us-east-1'
  const endpoint = options.endpoint
    ? new URL(options.endpoint)
    : stsEndpoint({
        region,
        ...(options.useFipsEndpoint ? { useFipsEndpoint: true } : {}),
        ...(options.useDualstackEndpoint ? { useDualstackEndpoint: true } : {}),
      })
  const clock = createClockSkew(options.now)

  async function call(
    action: string,
    parameters: Parameters,
    signed: boolean,
    callOptions?: CallOptions,
  ): Promise<{ result: XmlElement; requestId: string | undefined }> {
    const body = [['Action', action], ['Version', '2011-06-15'], ...parameters]
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${uriEncode(String(key))}=${uriEncode(String(value))}`)
      .join('&')
    if (signed && options.credentials === undefined) {
      throw new InvalidSigningInputError(`STS ${action} is signed: the client needs credentials`)
    }
    return withRetries<{ result: XmlElement; requestId: string | undefined } | typeof retrySkewed>(
      async ({ signal }) => {
        const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
        const unsigned = new Request(endpoint, { method: 'POST', headers, body, signal })
        const request = signed
          ? await sign(unsigned, {
              credentials: options.credentials!,
              region,
              service: 'sts',
              date: clock.signingDate(),
            })
          : unsigned
        let response: Response
        try {
          response = await (options.fetch ?? globalThis.fetch)(request)
        } catch (error) {
          if (signal.aborted) throw signal.reason
          throw new NetworkError(`STS ${action} to ${endpoint.host} failed: ${(error as Error)?.message ?? error}`, {
            cause: error,
          })
        }
        let text: string
        try {
          text = await response.text()
        } catch (error) {
          if (signal.aborted) throw signal.reason
          throw new NetworkError(`STS ${action}: the response was cut off`, { cause: error })
        }
        if (response.ok) return readResult(action, text, response)
        const error = readError(text, response)
        if (signed && clockSkewCodes.has(error.stsCode) && clock.learn(response)) return retrySkewed
        throw error
      },
      options.retry,
      { signal: callOptions?.signal, ...(options.random ? { random: options.random } : {}) },
    ).then((result) => (result === retrySkewed ? call(action, parameters, signed, callOptions) : result))
  }

  const assumed = (result: XmlElement, requestId: string | undefined): Sts.AssumeRoleOutput => {
    const assumedRoleUser = {
      arn: required(result, 'AssumedRoleUser', 'Arn'),
      assumedRoleId: required(result, 'AssumedRoleUser', 'AssumedRoleId'),
    }
    return {
      credentials: readCredentials(result, accountOf(assumedRoleUser.arn)),
      assumedRoleUser,
      packedPolicySize: optionalNumber(textAt(result, 'PackedPolicySize')),
      sourceIdentity: textAt(result, 'SourceIdentity'),
      requestId,
    }
  }

  return {
    get clockOffsetMs() {
      return clock.offsetMs
    },
    async assumeRole(input, callOptions) {
      if ((input.serialNumber === undefined) !== (input.tokenCode === undefined)) {
        throw new InvalidSigningInputError('AssumeRole with MFA needs both serialNumber and tokenCode')
      }
      const { result, requestId } = await call(
        'AssumeRole',
        [
          ['RoleArn', input.roleArn],
          ['RoleSessionName', input.roleSessionName],
          ...sessionPolicy(input),
          ['ExternalId', input.externalId],
          ...list('Tags', input.tags, (tag) => [['Key', tag.key], ['Value', tag.value]]),
          ...list('TransitiveTagKeys', input.transitiveTagKeys),
          ['SourceIdentity', input.sourceIdentity],
          ['SerialNumber', input.serialNumber],
          ['TokenCode', input.tokenCode],
          ...list('ProvidedContexts', input.providedContexts, (context) => [
            ['ProviderArn', context.providerArn],
            ['ContextAssertion', context.contextAssertion],
          ]),
        ],
        true,
        callOptions,
      )
      return assumed(result, requestId)
    },
    async assumeRoleWithWebIdentity(input, callOptions) {
      const { result, requestId } = await call(
        'AssumeRoleWithWebIdentity',
        [
          ['RoleArn', input.roleArn],
          ['RoleSessionName', input.roleSessionName],
          ['WebIdentityToken', input.webIdentityToken],
          ['ProviderId', input.providerId],
          ...sessionPolicy(input),
        ],
        false,
        callOptions,
      )
      return {
        ...assumed(result, requestId),
        subjectFromWebIdentityToken: textAt(result, 'SubjectFromWebIdentityToken'),
        provider: textAt(result, 'Provider'),
        audience: textAt(result, 'Audience'),
      }
    },
    async assumeRoleWithSaml(input, callOptions) {
      const { result, requestId } = await call(
        'AssumeRoleWithSAML',
        [
          ['RoleArn', input.roleArn],
          ['PrincipalArn', input.principalArn],
          ['SAMLAssertion', input.samlAssertion],
          ...sessionPolicy(input),
        ],
        false,
        callOptions,
      )
      return {
        ...assumed(result, requestId),
        subject: textAt(result, 'Subject'),
        subjectType: textAt(result, 'SubjectType'),
        issuer: textAt(result, 'Issuer'),
        audience: textAt(result, 'Audience'),
        nameQualifier: textAt(result, 'NameQualifier'),
      }
    },
    async getSessionToken(input = {}, callOptions) {
      const { result, requestId } = await call(
        'GetSessionToken',
        [
          ['DurationSeconds', input.durationSeconds],
          ['SerialNumber', input.serialNumber],
          ['TokenCode', input.tokenCode],
        ],
        true,
        callOptions,
      )
      return { credentials: readCredentials(result, undefined), requestId }
    },
    async getFederationToken(input, callOptions) {
      const { result, requestId } = await call(
        'GetFederationToken',
        [
          ['Name', input.name],
          ...sessionPolicy(input),
          ...list('Tags', input.tags, (tag) => [['Key', tag.key], ['Value', tag.value]]),
        ],
        true,
        callOptions,
      )
      const federatedUser = {
        arn: required(result, 'FederatedUser', 'Arn'),
        federatedUserId: required(result, 'FederatedUser', 'FederatedUserId'),
      }
      return {
        credentials: readCredentials(result, accountOf(federatedUser.arn)),
        federatedUser,
        packedPolicySize: optionalNumber(textAt(result, 'PackedPolicySize')),
        requestId,
      }
    },
    async getCallerIdentity(callOptions) {
      const { result, requestId } = await call('GetCallerIdentity', [], true, callOptions)
      return {
        userId: required(result, 'UserId'),
        account: required(result, 'Account'),
        arn: required(result, 'Arn'),
        requestId,
      }
    },
    async getAccessKeyInfo(input, callOptions) {
      const { result, requestId } = await call('GetAccessKeyInfo', [['AccessKeyId', input.accessKeyId]], true, callOptions)
      return { account: required(result, 'Account'), requestId }
    },
    async decodeAuthorizationMessage(input, callOptions) {
      const { result, requestId } = await call(
        'DecodeAuthorizationMessage',
        [['EncodedMessage', input.encodedMessage]],
        true,
        callOptions,
      )
      return { decodedMessage: required(result, 'DecodedMessage'), requestId }
    },
  }
}

const retrySkewed = Symbol('retry with the corrected clock')

/** The duration and session policies that every role or federation action takes. */
function sessionPolicy(input: { durationSeconds?: number; policy?: string; policyArns?: readonly string[] }): Parameters {
  return [
    ['DurationSeconds', input.durationSeconds],
    ['Policy', input.policy],
    ...list('PolicyArns', input.policyArns, (arn) => [['arn', arn]]),
  ]
}

/** `Name.member.N[.Field]=value`; an empty list is sent as `Name=` so that STS sees it was given. */
function list<T>(name: string, items: readonly T[] | undefined, fields?: (item: T) => [string, string][]): Parameters {
  if (items === undefined) return []
  if (items.length === 0) return [[name, '']]
  return items.flatMap((item, index) => {
    const prefix = `${name}.member.${index + 1}`
    return fields ? fields(item).map(([field, value]) => [`${prefix}.${field}`, value] as [string, string]) : [[prefix, String(item)]]
  })
}

function readResult(action: string, text: string, response: Response) {
  let root: XmlElement
  try {
    root = parseXml(text)
  } catch (error) {
    throw new StsResponseError(`STS ${action} answered HTTP ${response.status} with a body that is not XML: ${(error as Error).message}`, {
      cause: error,
    })
  }
  const result = childElement(root, `${action}Result`)
  if (root.name !== `${action}Response` || result === undefined) {
    throw new StsResponseError(`STS ${action} answered with <${root.name}>, not <${action}Response><${action}Result>`)
  }
  return { result, requestId: textAt(root, 'ResponseMetadata', 'RequestId') ?? requestIdHeader(response) }
}

function readError(text: string, response: Response): StsError {
  let root: XmlElement | undefined
  try {
    root = parseXml(text)
  } catch (error) {
    if (!(error instanceof XmlParseError)) throw error
  }
  const error = root?.name === 'ErrorResponse' ? childElement(root, 'Error') : root?.name === 'Error' ? root : undefined
  return new StsError({
    stsCode: textAt(error, 'Code') || (response.status === 404 ? 'NotFound' : `Http${response.status}`),
    message: textAt(error, 'Message') || response.statusText || 'no message',
    status: response.status,
    requestId: textAt(root, 'RequestId') ?? requestIdHeader(response),
    type: textAt(error, 'Type'),
  })
}

const requestIdHeader = (response: Response) =>
  response.headers.get('x-amzn-requestid') ?? response.headers.get('x-amz-request-id') ?? undefined

function required(element: XmlElement, ...path: string[]): string {
  const value = textAt(element, ...path)
  if (value === undefined || value === '') {
    throw new StsResponseError(`the STS response has no ${path.join('/')}`)
  }
  return value
}

function optionalNumber(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined
  const value = Number(text)
  if (!Number.isFinite(value)) throw new StsResponseError(`not a number in the STS response: ${JSON.stringify(text)}`)
  return value
}

function readCredentials(
  result: XmlElement,
  accountId: string | undefined,
): Credentials & { sessionToken: string; expiration: Date } {
  const expirationText = required(result, 'Credentials', 'Expiration')
  const expiration = new Date(expirationText)
  if (!Number.isFinite(expiration.getTime())) {
    throw new StsResponseError(`the STS credentials' Expiration is not a date: ${JSON.stringify(expirationText)}`)
  }
  return {
    accessKeyId: required(result, 'Credentials', 'AccessKeyId'),
    secretAccessKey: required(result, 'Credentials', 'SecretAccessKey'),
    sessionToken: required(result, 'Credentials', 'SessionToken'),
    expiration,
    ...(accountId ? { accountId } : {}),
  }
}

/** `arn:aws:sts::123456789012:assumed-role/…` → `123456789012` */
function accountOf(arn: string): string | undefined {
  const account = arn.split(':')[4]
  return account && /^\d{12}$/.test(account) ? account : undefined
}
