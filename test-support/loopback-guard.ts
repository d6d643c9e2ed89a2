/**
 * Vitest setup for every package: a connection to anything but loopback is refused and fails the
 * test that made it, even when that test expected a network error. credkit's defaults point at
 * 169.254.169.254, 169.254.170.2 and AWS hosts; a test that forgets to point an endpoint at the
 * emulator must fail here rather than send anything there.
 */
import net from 'node:net'
import { afterEach } from 'vitest'
import { isLoopbackHost } from './is-loopback-host.js'

const violations: string[] = []
const guarded = Symbol.for('credkit.loopbackGuard')
const prototype = net.Socket.prototype as net.Socket & { [guarded]?: boolean }

if (!prototype[guarded]) {
  prototype[guarded] = true
  const connect = prototype.connect
  prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const host = connectHost(args)
    if (host !== undefined && !isLoopbackHost(host)) {
      violations.push(host)
      throw new Error(`loopback guard: refused a connection to ${host}; point the endpoint at the emulator`)
    }
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args)
  } as typeof prototype.connect
}

/** The host a `Socket#connect` call is for, or undefined for a Unix socket or pipe. */
function connectHost(args: unknown[]): string | undefined {
  let first = args[0]
  // net.connect normalises its arguments into an array whose first element is the options.
  if (Array.isArray(first)) first = first[0]
  if (first !== null && typeof first === 'object') {
    const options = first as { host?: string; path?: string }
    if (options.path !== undefined) return undefined
    return options.host ?? 'localhost'
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return typeof args[1] === 'string' ? args[1] : 'localhost'
  }
  return undefined
}

afterEach(() => {
  if (violations.length > 0) {
    const hosts = violations.splice(0).join(', ')
    throw new Error(`this test tried to leave loopback (${hosts}); every endpoint must point at the emulator`)
  }
})
