import type { IncomingMessage, ServerResponse } from 'node:http'
import { adminPathPrefix, handleAdmin } from './admin/handle-admin.js'
import type { CallCounter } from './call-counter.js'
import { handleContainer, isContainerPath } from './container/handle-container.js'
import { faultReply } from './faults/fault-reply.js'
import type { EndpointName } from './faults/fault-spec.js'
import { BodyTooLargeError, readBody } from './http/read-body.js'
import { jsonReply, textReply, writeReply, type Reply } from './http/reply.js'
import { newRequestId } from './identifiers.js'
import { handleImds } from './imds/handle-imds.js'
import type { ImdsTokens } from './imds/imds-tokens.js'
import { handleOidc, oidcPathPrefix } from './oidc/handle-oidc.js'
import type { RoleCredentialVendor } from './role-credential-vendor.js'
import { handleSts, stsErrorBody, type StsDependencies } from './sts/handle-sts.js'
import { readParameters } from './sts/read-parameters.js'
import { StsFault } from './sts/sts-fault.js'

/** What STS needs, and what the other endpoints and the counters need besides. */
export interface RequestHandlerDependencies extends StsDependencies {
  readonly calls: CallCounter
  readonly imdsTokens: ImdsTokens
  readonly vendor: RoleCredentialVendor
  readonly containerRelativeId: string
}

const stsCors = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-amzn-requestid, date',
}

function endpointFor(path: string): EndpointName | 'admin' | undefined {
  if (path.startsWith(`${adminPathPrefix}/`)) return 'admin'
  if (path === oidcPathPrefix || path.startsWith(`${oidcPathPrefix}/`)) return 'oidc'
  if (path === '/latest' || path.startsWith('/latest/')) return 'imds'
  if (isContainerPath(path)) return 'container'
  if (path === '/') return 'sts'
  return undefined
}

// Unref'd: a long injected latency must not keep the process alive after stop().
const sleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds).unref())

/** Routes each request to its endpoint, counting it and applying that endpoint's fault. */
export function createRequestHandler(dependencies: RequestHandlerDependencies) {
  const { config, faults, calls, clock } = dependencies

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET'
    let url: URL
    try {
      // Prefixing (rather than resolving against a base) keeps `//x` a path, never a host.
      url = new URL(`http://emulator${request.url ?? '/'}`)
    } catch {
      writeReply(response, textReply(400, 'malformed request target'))
      return
    }
    const path = url.pathname
    const endpoint = endpointFor(path)
    const requestId = newRequestId()

    if (method === 'OPTIONS' && (endpoint === 'sts' || endpoint === 'oidc')) {
      // Browsers preflight STS calls that carry Authorization or x-amz-* headers.
      writeReply(response, {
        status: 200,
        headers: {
          ...stsCors,
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': String(request.headers['access-control-request-headers'] ?? '*'),
          'access-control-max-age': '600',
        },
      })
      return
    }

    let body: Buffer
    try {
      body = await readBody(request)
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        response.setHeader('connection', 'close')
        writeReply(response, textReply(413, error.message))
        return
      }
      throw error
    }

    if (endpoint === 'admin') {
      writeReply(response, await handleAdmin(method, path, body, dependencies))
      return
    }
    if (endpoint === undefined) {
      writeReply(response, jsonReply(404, { error: `the emulator serves no ${path}` }))
      return
    }

    const incoming = { method, url, headers: request.headers, body }
    const parameters = endpoint === 'sts' ? readParameters(incoming) : undefined
    const action = parameters?.optional('Action') ?? path
    const record = calls.record(endpoint, action, clock.now())
    const fault = faults.take(endpoint, action)
    if (fault?.latency !== undefined && fault.latency > 0) await sleep(fault.latency)
    if (fault?.drop === true) {
      request.socket.destroy()
      return
    }
    const lifetimeOverride = fault?.credentialsExpireIn
    const replaced = fault === undefined ? undefined : faultReply(endpoint, fault, action, requestId)
    let reply: Reply
    if (replaced !== undefined) {
      reply = endpoint === 'sts' ? { ...replaced, headers: { ...replaced.headers, ...stsCors, 'x-amzn-RequestId': requestId } } : replaced
    } else if (endpoint === 'sts') {
      if (method !== 'GET' && method !== 'POST') {
        const unsupported = new StsFault('InvalidAction', `The HTTP method ${method} is not supported by STS`, 405)
        reply = { status: 405, headers: { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId }, body: stsErrorBody(unsupported, requestId) }
      } else {
        const result = await handleSts(incoming, parameters!, requestId, dependencies, lifetimeOverride)
        if (result.accessKeyId !== undefined) record.accessKeyId = result.accessKeyId
        reply = { status: result.status, headers: { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId, ...stsCors }, body: result.body }
      }
    } else if (endpoint === 'imds') {
      reply = config.imds === undefined
        ? textReply(404, '')
        : handleImds(method, path, request.headers, { config, imds: config.imds, tokens: dependencies.imdsTokens, vendor: dependencies.vendor, clock }, lifetimeOverride)
    } else if (endpoint === 'container') {
      reply = config.container === undefined
        ? jsonReply(404, { Code: 'NotFound', Message: 'The container endpoint is disabled' })
        : handleContainer(method, path, request.headers, config.container, dependencies.containerRelativeId, dependencies.vendor, lifetimeOverride)
    } else {
      reply = handleOidc(method, path, dependencies.issuer)
    }
    record.status = reply.status
    // The Date header follows the emulator's clock, so clients that correct clock skew from it
    // (as the SDKs and credkit do) keep working after clock.advance().
    response.setHeader('date', clock.now().toUTCString())
    writeReply(response, method === 'HEAD' ? { ...reply, body: '' } : reply)
  }

  return (request: IncomingMessage, response: ServerResponse): void => {
    answer(request, response).catch((error: unknown) => {
      // Whatever went wrong, the client gets an answer and the emulator keeps running.
      if (!response.headersSent) {
        writeReply(response, textReply(500, `credkit emulator: ${(error as Error)?.message ?? String(error)}`))
      } else {
        response.destroy()
      }
    })
  }
}
