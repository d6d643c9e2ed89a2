// The published dist/index.js is one esbuild bundle (scripts/build.mjs), not what the other tests
// import: these check the bundle itself. They need `npm run build` (turbo runs it before `test`).
import { execFile } from 'node:child_process'
import { access, mkdtemp, readFile, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import * as source from '../src/index.js'

const packageRoot = fileURLToPath(new URL('..', import.meta.url))
const bundlePath = fileURLToPath(new URL('../dist/index.js', import.meta.url))

describe('dist/index.js', () => {
  let bundle: Record<string, unknown>
  beforeAll(async () => {
    await access(bundlePath).catch(() => {
      throw new Error(`${bundlePath} is missing: run \`npm run build\` in packages/node first`)
    })
    bundle = (await import(bundlePath)) as Record<string, unknown>
  })

  it('exports what src/index.ts exports, each function and class under its own name', () => {
    expect(Object.keys(bundle).sort()).toEqual(Object.keys(source).sort())
    for (const [name, value] of Object.entries(source)) {
      expect(typeof bundle[name], name).toBe(typeof value)
      if (typeof value === 'function') expect((bundle[name] as { name: string }).name, name).toBe(value.name)
    }
  })

  it('resolves credentials from the environment', async () => {
    const { fromEnv } = bundle as typeof source
    const credentials = await fromEnv({ env: { AWS_ACCESS_KEY_ID: 'AKIDBUNDLE', AWS_SECRET_ACCESS_KEY: 'bundle-secret' } })()
    expect(credentials.accessKeyId).toBe('AKIDBUNDLE')
  })

  // Issue 5's cold start: each built-in (node:crypto, node:child_process, …) costs a new process
  // time to load, and fromEnv needs none; the providers take theirs when they run.
  it('imports no Node built-in module and loads none into a new process', async () => {
    expect(await readFile(bundlePath, 'utf8')).not.toMatch(/\bfrom\s*["']node:|\bimport\s*["']node:/)
    const script = [
      // @credkit/core first: it is Web-only, and its import brings up the module loader's own parts.
      "await import('@credkit/core')",
      'const before = new Set(process.moduleLoadList)',
      `await import(${JSON.stringify(bundlePath)})`,
      "const added = process.moduleLoadList.filter((name) => !before.has(name) && name.startsWith('NativeModule ') && !name.startsWith('NativeModule internal/'))",
      'process.stdout.write(JSON.stringify(added))',
    ].join('\n')
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '--eval', script], { cwd: packageRoot })
    expect(JSON.parse(stdout)).toEqual([])
  })

  // One package imports faster than two (scripts/build.mjs): the bundle carries its own copy of
  // @credkit/core/credentials and loads the rest of core when a provider first calls STS.
  it('imports no @credkit package statically; @credkit/core is loaded on first use', async () => {
    const text = await readFile(bundlePath, 'utf8')
    expect([...text.matchAll(/\bfrom\s*["']([^"']+)["']/g)].map((match) => match[1])).toEqual([])
    expect(text).toMatch(/\bimport\(\s*["']@credkit\/core["']\s*\)/)
  })

  // What the copy must not break: a program checks node's errors against the classes it imports
  // from @credkit/core, and composes node's providers with core's chain and cached.
  it("throws errors that are instances of @credkit/core's classes", async () => {
    const core = await import('@credkit/core')
    const { fromEnv, fromIni } = bundle as typeof source
    const notConfigured = await fromEnv({ env: {} })().catch((error: unknown) => error)
    expect(notConfigured).toBeInstanceOf(core.CredentialsNotConfiguredError)
    expect(notConfigured).toBeInstanceOf(core.CredkitError)
    expect(notConfigured).not.toBeInstanceOf(core.CredentialStoreError)
    const invalid = await fromEnv({ env: { AWS_ACCESS_KEY_ID: 'AKIDBUNDLE', AWS_SECRET_ACCESS_KEY: 'bundle-secret', AWS_CREDENTIAL_EXPIRATION: 'soon' } })().catch(
      (error: unknown) => error,
    )
    expect(invalid).toBeInstanceOf(core.InvalidCredentialsError)
    // node's own classes extend the copy's CredkitError.
    const missingProfile = await fromIni({ profile: 'absent', env: { AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' } })().catch(
      (error: unknown) => error,
    )
    expect(missingProfile).toBeInstanceOf((bundle as typeof source).ProfileConfigError)
    expect(missingProfile).toBeInstanceOf(core.CredkitError)
  })

  it("lets @credkit/core's chain move on past a provider of the bundle that is not configured", async () => {
    const core = await import('@credkit/core')
    const { fromEnv } = bundle as typeof source
    const credentials = await core.chain(fromEnv({ env: {} }), core.fromStatic({ accessKeyId: 'AKIDSTATIC', secretAccessKey: 'static-secret' }))()
    expect(credentials.accessKeyId).toBe('AKIDSTATIC')
    const none = await core.chain(fromEnv({ env: {} }))().catch((error: unknown) => error)
    expect(none).toBeInstanceOf(core.CredentialsNotFoundError)
  })

  it("lets @credkit/core's cached take the bundle's store errors as its own, unwrapped", async () => {
    const core = await import('@credkit/core')
    const { fileStore } = bundle as typeof source
    const directory = await mkdtemp(join(tmpdir(), 'credkit-dist-bundle-'))
    try {
      // A symbolic link to a directory: fileStore refuses it with its own CredentialStoreError.
      const notADirectory = join(directory, 'link')
      await symlink(directory, notADirectory)
      const storeErrors: Error[] = []
      const provider = core.cached(async () => ({ accessKeyId: 'AKIDSTORE', secretAccessKey: 'store-secret', expiration: new Date(Date.now() + 3_600_000) }), {
        store: fileStore({ directory: notADirectory }),
        key: 'dist-bundle',
        onStoreError: (error) => storeErrors.push(error),
      })
      expect((await provider()).accessKeyId).toBe('AKIDSTORE')
      // The store's own CredentialStoreErrors reach onStoreError as thrown, not wrapped in core's,
      // each naming its operation (the lock is taken before the set).
      const own = storeErrors.filter((error) => error.message === `the credential cache ${notADirectory} is not a directory`)
      expect(own.map((error) => (error as InstanceType<typeof core.CredentialStoreError>).operation)).toEqual(['lock', 'set'])
      for (const error of own) {
        expect(error).toBeInstanceOf(core.CredentialStoreError)
        expect(error).not.toHaveProperty('cause')
      }
    } finally {
      await rm(directory, { recursive: true, force: true })
    }
  })
})
