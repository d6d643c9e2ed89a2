import type { Credentials } from '../credentials.js'
import { InvalidCredentialsError, InvalidSigningInputError } from '../errors.js'
import { readTextUpTo } from '../http/read-text.js'
import { rejectedCredentialCodes } from '../http/rejected-credentials.js'
import { NetworkError, withRetries } from '../http/retry.js'
import type { StsConfig, StsSigning } from './sts-config.js'
import { StsError, StsResponseError } from './sts-error.js'
import type { StsParameters } from './sts-parameters.js'
import { maximumLength, parseXml, type XmlElement } from './xml.js'

export interface CallOptions {
  /** Stops the call, its retries and its waits; the signal's reason is thrown. */
  readonly signal?: AbortSignal
}

/**
 * An STS result as plain data: each child element under its name with the first letter in lower
 * case (`AssumedRoleUser` → `assumedRoleUser`), holding its fields or its trimmed text.
 */
export interface StsFields {
  readonly [name: string]: StsFields | string | undefined
}

const lowerCamel = (name: string) => name[0]!.toLowerCase() + name.slice(1)

const readFields = (element: XmlElement): StsFields =>
  // fromEntries defines properties, so even an element called __proto__ is only a field.
  Object.fromEntries(element.children.map((child) => [lowerCamel(child.name), child.children[0] ? readFields(child) : child.text.trim()]))

type StsResult = StsFields & { readonly requestId: string | undefined }

// The parameters that hold a secret (an MFA code, a bearer token or assertion). STS quotes a value
// it refuses (`Value '98765x' at 'tokenCode' failed to satisfy constraint`), so its message is
// shown with each of these values replaced.
const secretParameter = /^(TokenCode|WebIdentityToken|SAMLAssertion)$|\.ContextAssertion$/

/**
 * `requestSts` for the actions STS authenticates by their signature. Apart so that an app calling
 * only the unsigned actions (web identity, SAML) does not carry this check.
 */
export async function requestSignedSts(config: StsConfig, action: string, parameters: StsParameters, options?: CallOptions): Promise<StsResult> {
  const { signer } = config
  if (!signer) throw new InvalidSigningInputError(`STS ${action} is signed: the client needs credentials`)
  let credentials: Credentials | undefined
  const signing = (rejected?: Credentials) => async () => {
    const [resolved, signs] = await signer.resolve(options?.signal, rejected)
    credentials = resolved
    return signs
  }
  try {
    return await requestSts(config, action, parameters, options, signing())
  } catch (error) {
    // STS says the credentials are expired or invalid (a source's clock behind, or one handing out
    // expired credentials as IMDS may), or they ran out while the call waited to retry (a `cached`
    // source refreshes before, but its refresh may have failed): a provider is asked for others
    // once; a value cannot give any.
    const rejected = error instanceof StsError && rejectedCredentialCodes.has(error.stsCode)
    const expired = error instanceof InvalidCredentialsError && +credentials?.expiration! <= +signer.clock.signingDate()
    if (typeof config.credentials != 'function' || !(rejected || expired)) throw error
    return requestSts(config, action, parameters, options, signing(rejected ? credentials : undefined))
  }
}

/**
 * Sends one action of the STS Query API (version 2011-06-15) with retries, and reads its result.
 * With `resolveSigning`, called once the parameters are checked, the request is signed again for
 * each attempt, and once more (once per call) when STS says the clock is off.
 */
export async function requestSts(
  config: StsConfig,
  action: string,
  parameters: StsParameters,
  options?: CallOptions,
  resolveSigning?: () => Promise<StsSigning>,
): Promise<StsResult> {
  const { url } = config
  const body = new URLSearchParams({ Action: action, Version: '2011-06-15' })
  for (const [name, value] of Object.entries(parameters)) {
    // Undefined is not sent. Anything but text or a finite number is named, never quoted (it may be
    // a secret): String(value) would send `[object Object]` or `NaN`, and form-encoding text with a
    // lone surrogate (a string cut inside an emoji) U+FFFD in its place.
    if (value === undefined) continue
    if (typeof value == 'string' ? /\p{Cs}/u.test(value) : !Number.isFinite(value)) {
      throw new InvalidSigningInputError(`${name}: not well-formed text or a finite number`)
    }
    body.append(name, value as string)
  }
  const signing = await resolveSigning?.()
  // A URLSearchParams body brings its content type (application/x-www-form-urlencoded;charset=UTF-8).
  const init = { url, method: 'POST', body }
  // Once per call, retries included: a server that answers every request with a skew error and a
  // Date minutes from the signing time would otherwise be asked again without end.
  let skewCorrected = false
  return withRetries(
    async ({ signal }) => {
      for (;;) {
        const [request, learn] = signing ? await signing(init) : [new Request(url, init)]
        let response: Response
        let text: string | undefined
        try {
          // A redirect is not followed but answered as an error (an StsError with its 3xx status, or
          // 0 where fetch hides it): following it would send the body, an unsigned action's token or
          // assertion, to wherever the Location points. Not `redirect: 'error'`, which Workers refuse.
          // The signal goes to fetch itself: a Request made here to carry it would carry it only
          // while it lived, and Node 20's fetch kept a timed-out attempt's connection open once
          // garbage collection took that Request (nodejs/undici#4068).
          response = await (config.fetch ?? fetch)(request, { signal, redirect: 'manual' })
          // Undefined past what parseXml reads, which it refuses.
          text = await readTextUpTo(response, maximumLength)
        } catch (error) {
          if (signal.aborted) throw signal.reason
          throw new NetworkError(`STS ${action} to ${url.host} failed: ${error}`, { cause: error })
        }
        const requestId = response.headers.get('x-amzn-requestid') ?? undefined
        let root: XmlElement | undefined
        try {
          root = parseXml(text)
        } catch (error) {
          // An error answer that is not XML (a proxy's, say) still has a status.
          if (response.ok) throw error
        }
        const fields = root ? readFields(root) : {}
        // A 2xx whose document is an error is that error (Throttling retried), as with any status.
        if (response.ok && !/^(ErrorResponse|Error)$/.test(root!.name)) {
          const result = fields[lowerCamel(`${action}Result`)]
          if (root!.name != `${action}Response` || typeof result != 'object') {
            throw new StsResponseError(`STS ${action} answered <${root!.name}> without <${action}Result>`)
          }
          return { ...result, requestId: ((fields.responseMetadata as StsFields | undefined)?.requestId as string | undefined) || requestId }
        }
        // <ErrorResponse><Error><Code>… or, from some endpoints, <Error><Code>…
        // Text only: an element holding elements (`<Message>a <b>c</b></Message>`) is read as fields.
        const error = (fields.error ?? fields) as StsFields
        const [code, message, type, id] = [error.code, error.message, error.type, fields.requestId].map((value) =>
          typeof value == 'string' ? value : undefined,
        )
        if (skewCorrected || !learn?.(code, response)) {
          let shown = message || response.statusText || 'no message'
          for (const [name, value] of Object.entries(parameters)) {
            if (secretParameter.test(name) && value) shown = shown.split(String(value)).join('[redacted]')
          }
          throw new StsError(code || `Http${response.status}`, shown, response.status, id || requestId, type)
        }
        skewCorrected = true
      }
    },
    config.retry,
    { signal: options?.signal, random: config.random },
  )
}
