import type { CallCounter } from '../call-counter.js'
import type { Clock } from '../clock.js'
import { EmulatorConfigError } from '../errors.js'
import type { FaultRegistry } from '../faults/fault-registry.js'
import { endpointNames } from '../faults/fault-spec.js'
import { validateEndpointName } from '../faults/validate-fault-spec.js'
import { jsonReply, type Reply } from '../http/reply.js'
import type { MintIdTokenOptions, OidcIssuer } from '../oidc/oidc-issuer.js'

export const adminPathPrefix = '/_emulator'

export interface AdminDependencies {
  readonly faults: FaultRegistry
  readonly calls: CallCounter
  readonly clock: Clock
  readonly issuer: OidcIssuer
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return {}
  try {
    return JSON.parse(body.toString('utf8'))
  } catch (error) {
    throw new EmulatorConfigError(`request body is not JSON: ${(error as Error).message}`)
  }
}

/**
 * Run-time control over HTTP, for tests in other processes or runtimes (a browser, workerd):
 * faults, call counts, the clock, and minting ID tokens.
 */
export async function handleAdmin(method: string, path: string, body: Buffer, dependencies: AdminDependencies): Promise<Reply> {
  const { faults, calls, clock, issuer } = dependencies
  const route = path.slice(adminPathPrefix.length)
  try {
    if (route === '/health') return jsonReply(200, { ok: true })
    if (route === '/calls' && method === 'GET') return jsonReply(200, { count: calls.count(), calls: calls.list() })
    if (route === '/calls' && method === 'DELETE') {
      calls.reset()
      return { status: 204 }
    }
    if (route === '/faults' && method === 'GET') {
      return jsonReply(200, Object.fromEntries(endpointNames.map((name) => [name, faults.get(name) ?? null])))
    }
    if (route === '/faults' && method === 'DELETE') {
      faults.clear()
      return { status: 204 }
    }
    const faultRoute = /^\/faults\/([^/]+)$/.exec(route)
    if (faultRoute !== null) {
      const endpoint = validateEndpointName(faultRoute[1], 'faults')
      if (method === 'PUT' || method === 'POST') {
        faults.set(endpoint, parseJson(body) as never)
        return jsonReply(200, faults.get(endpoint))
      }
      if (method === 'DELETE') {
        faults.clear(endpoint)
        return { status: 204 }
      }
      if (method === 'GET') return jsonReply(200, faults.get(endpoint) ?? null)
    }
    if (route === '/clock/advance' && method === 'POST') {
      const { milliseconds } = parseJson(body) as { milliseconds?: unknown }
      if (typeof milliseconds !== 'number' || !Number.isFinite(milliseconds)) {
        throw new EmulatorConfigError('clock/advance: body must be {"milliseconds": number}')
      }
      clock.advance(milliseconds)
      return jsonReply(200, { offset: clock.offset, now: clock.now().toISOString() })
    }
    if (route === '/oidc/token' && method === 'POST') {
      const options = parseJson(body)
      if (options === null || typeof options !== 'object' || Array.isArray(options)) {
        throw new EmulatorConfigError('oidc/token: body must be a JSON object of mintIdToken options')
      }
      try {
        return jsonReply(200, { token: await issuer.mintIdToken(options as MintIdTokenOptions) })
      } catch (error) {
        // jose rejects wrongly typed claims with a TypeError; that is the caller's input, not a bug.
        throw new EmulatorConfigError(`oidc/token: ${(error as Error).message}`)
      }
    }
    return jsonReply(404, { error: `no admin route ${method} ${path}` })
  } catch (error) {
    if (error instanceof EmulatorConfigError) return jsonReply(400, { error: error.message })
    throw error
  }
}
