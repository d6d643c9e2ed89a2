// cached() in real workerd (Miniflare 4): a refresh started by one request is never awaited by
// another, since workerd refuses or cancels I/O across requests. Module-scoped state is shared by
// every request an isolate serves, as in production.
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { Miniflare, Response, type Request } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const worker = `
import { cached } from './src/refresh/cached.ts'

// The test sets the engine's clock through ?now= (milliseconds), as the Node tests inject now().
let now = 0
const provider = cached(async () => {
  const response = await fetch('http://sts.test/credentials')
  const { accessKeyId } = await response.json()
  return { accessKeyId, secretAccessKey: 'secret', expiration: new Date(now + 3_600_000) }
}, { now: () => now, random: () => 0 })

export default {
  async fetch(request) {
    now = Number(new URL(request.url).searchParams.get('now') ?? 0)
    const credentials = await provider()
    return Response.json({ accessKeyId: credentials.accessKeyId, userAgent: navigator.userAgent })
  },
}
`

describe('cached in workerd', () => {
  let miniflare: Miniflare
  const outbound: string[] = []
  let answer: (serial: number) => Promise<void> = async () => {}

  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: worker, resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      logLevel: 'silent',
    })
    miniflare = new Miniflare({
      modules: true,
      script: bundle.outputFiles[0]!.text,
      compatibilityDate: '2026-04-01',
      // Miniflare otherwise downloads Cloudflare's request.cf data from the internet.
      cf: false,
      host: '127.0.0.1',
      port: 0,
      outboundService: async (request: Request) => {
        outbound.push(request.url)
        const serial = outbound.length
        await answer(serial)
        return Response.json({ accessKeyId: `ASIA${serial}` })
      },
    })
  }, 60_000)

  afterAll(async () => {
    await miniflare?.dispose()
  })

  it('two concurrent requests both succeed, each with its own refresh; a later request is served from the cache', async () => {
    let secondArrived: () => void = () => {}
    const bothArrived = new Promise<void>((resolve) => (secondArrived = resolve))
    answer = async (serial) => {
      if (serial === 2) secondArrived()
      // Hold the first refresh until the second request has started its own (or give up, and the
      // count below shows that it joined the first one instead).
      if (serial === 1) await Promise.race([bothArrived, new Promise((resolve) => setTimeout(resolve, 3_000))])
    }
    const responses = await Promise.all([miniflare.dispatchFetch('http://127.0.0.1/'), miniflare.dispatchFetch('http://127.0.0.1/')])
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as Array<{ accessKeyId: string; userAgent: string }>
    expect(responses.map((response) => response.status)).toEqual([200, 200])
    expect(bodies[0]!.userAgent).toBe('Cloudflare-Workers')
    expect(outbound).toHaveLength(2)
    expect(new Set(bodies.map((body) => body.accessKeyId))).toEqual(new Set(['ASIA1', 'ASIA2']))

    const later = await miniflare.dispatchFetch('http://127.0.0.1/')
    expect(later.status).toBe(200)
    expect(((await later.json()) as { accessKeyId: string }).accessKeyId).toMatch(/^ASIA[12]$/)
    expect(outbound).toHaveLength(2)
  }, 30_000)

  it('a background refresh left behind by a finished request is never awaited by a later one', async () => {
    const minute = 60_000
    // Fresh credentials at t = 10 h (the cache holds ASIA1 or ASIA2 from the previous test, long expired).
    answer = async () => {}
    const start = 10 * 60 * minute
    const fresh = (await (await miniflare.dispatchFetch(`http://127.0.0.1/?now=${start}`)).json()) as { accessKeyId: string }
    expect(fresh.accessKeyId).toBe('ASIA3')
    // Advisory window: the refresh (call 4) never gets an answer, yet the request is served at once.
    answer = async (serial) => {
      if (serial === 4) await new Promise(() => {})
    }
    const advisory = await miniflare.dispatchFetch(`http://127.0.0.1/?now=${start + 46 * minute}`)
    expect(((await advisory.json()) as { accessKeyId: string }).accessKeyId).toBe('ASIA3')
    // Mandatory window, in a new request: it refreshes itself (call 5) instead of awaiting call 4.
    const mandatory = await miniflare.dispatchFetch(`http://127.0.0.1/?now=${start + 51 * minute}`)
    expect(mandatory.status).toBe(200)
    expect(((await mandatory.json()) as { accessKeyId: string }).accessKeyId).toBe('ASIA5')
    expect(outbound).toHaveLength(5)
  }, 30_000)
})
