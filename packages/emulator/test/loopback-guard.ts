/**
 * Vitest setup for the emulator's tests. The shared guard (test-support/loopback-guard.ts) refuses
 * any socket to a non-loopback address and fails the test after the fact; this file adds the same
 * check in front of `fetch` and `http(s).request`, so the error names the URL and is thrown before
 * DNS is even consulted for an AWS host name.
 */
import http from 'node:http'
import https from 'node:https'
import '../../../test-support/loopback-guard.js'
import { isLoopbackHost } from '../../../test-support/is-loopback-host.js'

const guarded = Symbol.for('credkit.emulator.loopbackGuard')
const registry = globalThis as typeof globalThis & { [guarded]?: boolean }

function refuse(target: string): never {
  throw new Error(`loopback guard: refused a request to ${target}; point the endpoint at the emulator`)
}

function checkUrl(url: URL): void {
  if (!isLoopbackHost(url.hostname)) refuse(url.href)
}

if (!registry[guarded]) {
  registry[guarded] = true

  const originalFetch = globalThis.fetch
  globalThis.fetch = function guardedFetch(input: string | URL | Request, init?: RequestInit) {
    const url = new URL(input instanceof Request ? input.url : String(input))
    checkUrl(url)
    return originalFetch(input, init)
  } as typeof fetch

  for (const module of [http, https] as const) {
    const originalRequest = module.request
    const originalGet = module.get
    const hostOf = (args: unknown[]): string | undefined => {
      const first = args[0]
      if (typeof first === 'string') return new URL(first).hostname
      if (first instanceof URL) return first.hostname
      if (first !== null && typeof first === 'object') {
        const options = first as { hostname?: string | null; host?: string | null; socketPath?: string }
        if (options.socketPath !== undefined) return undefined
        return options.hostname ?? options.host ?? 'localhost'
      }
      return undefined
    }
    const wrap = <T extends (...args: never[]) => unknown>(original: T): T =>
      function (this: unknown, ...args: unknown[]) {
        const host = hostOf(args)
        if (host !== undefined && !isLoopbackHost(host)) refuse(host)
        return (original as unknown as (...a: unknown[]) => unknown).apply(this, args)
      } as unknown as T
    // ESM namespace objects are frozen, but the default export (the CommonJS module) is not, and
    // it is the object the AWS SDK's node-http-handler and our own code call through.
    module.request = wrap(originalRequest)
    module.get = wrap(originalGet)
  }
}
