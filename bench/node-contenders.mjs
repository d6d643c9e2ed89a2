// What each contender does for one scenario in Node, written the way a user of that library would
// write it: every call builds its input (a Request, an HttpRequest, a URL) from the scenario, as a
// caller signing a fresh request must, and no contender reuses another's work.
import { createHash, createHmac, hash as oneShotHash } from 'node:crypto'
import * as credkit from '@credkit/core'
import { AwsClient } from 'aws4fetch'
import { SignatureV4 } from '@smithy/signature-v4'
import { Hash } from '@smithy/core/serde'
import { HttpRequest } from '@smithy/core/transport'
import { amzDate, credentials, presignExpiresIn, region, signingDate } from './scenarios.mjs'

const { createSignature, createSigner, createSigningKeyCache, defaultCrypto, emptyPayloadHash } = credkit

const toHeaders = (object) => new Headers(Object.entries(object ?? {}))

function fromSmithy(request) {
  const url = new URL(`${request.protocol}//${request.hostname}${request.path}`)
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.append(key, value)
  return { method: request.method, url: url.href, headers: toHeaders(request.headers) }
}

/** Returns the contenders for a scenario; each has `run` (timed) and `output` (verified once). */
export function nodeContenders(scenario) {
  const { service, method, url, headers, body } = scenario
  const s3 = service === 's3'
  const parsed = new URL(url)
  const contenders = []

  const signer = createSigner({ credentials, region, service, date: signingDate })
  const init = () => ({ method, headers, body })
  if (scenario.presign) {
    const options = { expiresIn: presignExpiresIn }
    contenders.push({
      name: 'credkit presign(Request)',
      run: () => signer.presign(new Request(url, init()), options),
      output: async () => ({ method, url: (await signer.presign(new Request(url, init()), options)).href, headers: toHeaders(headers) }),
    })
    contenders.push({
      name: 'credkit presign({ url, method, headers }) (no Request)',
      note: 'parts instead of a Request: nothing of fetch is built',
      run: () => signer.presign({ url, method, headers }, options),
      output: async () => ({ method, url: (await signer.presign({ url, method, headers }, options)).href, headers: toHeaders(headers) }),
    })
  } else {
    contenders.push({
      name: 'credkit sign(Request)',
      run: () => signer.sign(new Request(url, init())),
      output: async () => ({ method, url, headers: (await signer.sign(new Request(url, init()))).headers }),
    })
    contenders.push({
      name: 'credkit sign({ url, method, headers, body })',
      note: 'parts instead of a Request: a string body is hashed as it is, not read back from a stream',
      run: () => signer.sign({ url, method, headers, body }),
      output: async () => ({ method, url, headers: (await signer.sign({ url, method, headers, body })).headers }),
    })
    // signHeaders is newer than the rest of the API; older builds of core are measured without it.
    if (credkit.signHeaders) {
      const signHeaders = (options) => credkit.signHeaders({ url, method, headers, body }, options)
      const options = { credentials, region, service, date: signingDate, cache: createSigningKeyCache() }
      contenders.push({
        name: 'credkit signHeaders (no Request)',
        note: 'returns the headers to send, for clients other than fetch',
        run: () => signHeaders(options),
        output: async () => ({ method, url, headers: toHeaders(await signHeaders(options)) }),
      })
    }
    // The signing steps without any Request: what sign() costs beyond fetch's own objects.
    const crypto = defaultCrypto()
    const cache = createSigningKeyCache()
    const lowLevel = async () => {
      const payloadHash = body ? await crypto.sha256Hex(body) : emptyPayloadHash
      const signed = [
        ['host', parsed.host],
        ...Object.entries(headers),
        ['x-amz-date', amzDate],
        ['x-amz-security-token', credentials.sessionToken],
        ...(s3 ? [['x-amz-content-sha256', payloadHash]] : []),
      ]
      const steps = await createSignature({
        datetime: amzDate,
        credentials,
        crypto,
        cache,
        method,
        path: parsed.pathname,
        query: parsed.search,
        headers: signed,
        payloadHash,
        region,
        service,
        normalizePath: !s3,
        doubleEncodePath: !s3,
      })
      return { signed, steps }
    }
    contenders.push({
      name: 'credkit createSignature (no Request)',
      note: 'the exported lower-level step: canonical request, string to sign, signature',
      run: lowLevel,
      output: async () => {
        const { signed, steps } = await lowLevel()
        const result = toHeaders(Object.fromEntries(signed))
        result.set(
          'authorization',
          `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${steps.credentialScope}, SignedHeaders=${steps.signedHeaders}, Signature=${steps.signature}`,
        )
        return { method, url, headers: result }
      },
    })
  }

  // aws4fetch keeps its own signing-key cache per client, as credkit's signer does.
  const client = new AwsClient({ ...credentials, region, service })
  if (scenario.presign) {
    // aws4fetch's S3 default is 86400 s; an explicit X-Amz-Expires makes it sign the same 3600 s.
    const presignUrl = `${url}?X-Amz-Expires=${presignExpiresIn}`
    const presignInit = { method, aws: { signQuery: true, datetime: amzDate } }
    contenders.push({
      name: 'aws4fetch sign(url, { signQuery })',
      run: () => client.sign(presignUrl, presignInit),
      output: async () => ({ method, url: (await client.sign(presignUrl, presignInit)).url, headers: toHeaders(headers) }),
    })
  } else {
    const aws4Init = () => ({ method, headers, body, aws: { datetime: amzDate } })
    contenders.push({
      name: 'aws4fetch sign(url, init)',
      note: s3 ? 'signs S3 requests as UNSIGNED-PAYLOAD by default (no body hash)' : undefined,
      run: () => client.sign(url, aws4Init()),
      output: async () => ({ method, url, headers: (await client.sign(url, aws4Init())).headers }),
    })
  }

  // The AWS SDK's signer with its node:crypto hash; applyChecksum as credkit (S3 only) so both
  // sign the same header set.
  const smithy = new SignatureV4({
    credentials,
    region,
    service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: !s3,
    applyChecksum: s3,
  })
  const httpRequest = () =>
    new HttpRequest({
      method,
      protocol: parsed.protocol,
      hostname: parsed.hostname,
      path: parsed.pathname,
      query: Object.fromEntries(parsed.searchParams),
      headers: { host: parsed.host, ...headers },
      body,
    })
  if (scenario.presign) {
    // As @aws-sdk/s3-request-presigner does: S3 presigned URLs carry UNSIGNED-PAYLOAD.
    const presignRequest = () => {
      const request = httpRequest()
      request.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD'
      return request
    }
    const options = {
      signingDate,
      expiresIn: presignExpiresIn,
      unsignableHeaders: new Set(['x-amz-content-sha256']),
      unhoistableHeaders: new Set(['x-amz-content-sha256']),
    }
    contenders.push({
      name: '@smithy/signature-v4 presign',
      run: () => smithy.presign(presignRequest(), options),
      output: async () => ({ ...fromSmithy(await smithy.presign(presignRequest(), options)), headers: toHeaders(headers) }),
    })
  } else {
    contenders.push({
      name: '@smithy/signature-v4 sign',
      run: () => smithy.sign(httpRequest(), { signingDate }),
      output: async () => fromSmithy(await smithy.sign(httpRequest(), { signingDate })),
    })
  }
  return contenders
}

/** The scenario's credential scope and signing key, derived once, before any floor is timed. */
function floorSigningKey(scenario) {
  const date = amzDate.slice(0, 8)
  let key = createHmac('sha256', 'AWS4' + credentials.secretAccessKey).update(date).digest()
  for (const part of [region, scenario.service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest()
  return { scope: `${date}/${region}/${scenario.service}/aws4_request`, key }
}

/**
 * The floor the issue sets: one SHA-256 of the canonical request and one HMAC with a cached
 * signing key, node:crypto, synchronous. The canonical request is the one credkit produced and
 * the independent check accepted, so the floor signs exactly the same thing.
 */
export function nodeFloor(scenario, canonicalRequest, { hashBody = false } = {}) {
  const { scope, key } = floorSigningKey(scenario)
  const { body } = scenario
  return () => {
    if (hashBody) createHash('sha256').update(body).digest('hex')
    const hash = createHash('sha256').update(canonicalRequest).digest('hex')
    return createHmac('sha256', key).update(`AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${hash}`).digest('hex')
  }
}

/**
 * The same two steps with the fastest node:crypto primitives, which credkit's node:crypto backend
 * uses too: the one-shot `crypto.hash` for SHA-256, and the HMAC as two one-shot hashes over the
 * key's inner and outer pads, computed once with the key (RFC 2104). Against this floor only what
 * credkit does besides hashing counts.
 */
export function nodeFastFloor(scenario, canonicalRequest) {
  const { scope, key } = floorSigningKey(scenario)
  const pad = (value) => Buffer.from(Array.from({ length: 64 }, (_, index) => (key[index] ?? 0) ^ value))
  const [innerPad, outerPad] = [pad(0x36), pad(0x5c)]
  return () => {
    const hash = oneShotHash('sha256', canonicalRequest, 'hex')
    const inner = oneShotHash('sha256', Buffer.concat([innerPad, Buffer.from(`AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${hash}`)]), 'buffer')
    return oneShotHash('sha256', Buffer.concat([outerPad, inner]), 'hex')
  }
}
