/**
 * The built package: `@credkit/core/credentials` must hand out the very objects `@credkit/core`
 * does, or an error thrown by one entry would fail `instanceof` against the other's class. Needs
 * `npm run build` first (turbo's test task depends on the build).
 */
import { describe, expect, it } from 'vitest'

const main = await import(new URL('../dist/index.js', import.meta.url).href)
const credentials = await import(new URL('../dist/credentials-subpath.js', import.meta.url).href)

describe('the built entries', () => {
  it('@credkit/core/credentials exports the same objects as @credkit/core', () => {
    const names = Object.keys(credentials)
    expect(names).toContain('CredkitError')
    expect(names).toContain('cached')
    for (const name of names) expect(credentials[name], name).toBe(main[name])
  })

  it('an error from one entry is an instance of the other entry’s class', async () => {
    const failing = credentials.chain(async () => {
      throw new credentials.CredentialsNotConfiguredError('nothing here')
    })
    const error = await failing().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(main.CredentialsNotFoundError)
    expect(error).toBeInstanceOf(main.CredkitError)
  })

  it('@credkit/core/credentials leaves out STS and signing', () => {
    for (const name of ['sign', 'presign', 'createStsClient', 'fromWebIdentity']) expect(credentials).not.toHaveProperty(name)
  })
})
