// The published dist/index.js is one esbuild bundle (scripts/build.mjs), not what the other tests
// import: these check the bundle itself. They need `npm run build` (turbo runs it before `test`).
import { execFile } from 'node:child_process'
import { access, readFile } from 'node:fs/promises'
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

  // The STS client and the signer are most of @credkit/core: importing @credkit/node reads only
  // @credkit/core/credentials, and providers load the rest when they first call STS.
  it('imports only @credkit/core/credentials; the rest of core is loaded on first use', async () => {
    const text = await readFile(bundlePath, 'utf8')
    const imported = [...text.matchAll(/\bfrom\s*["'](@credkit\/[^"']+)["']/g)].map((match) => match[1])
    expect(new Set(imported)).toEqual(new Set(['@credkit/core/credentials']))
    expect(text).toMatch(/\bimport\(\s*["']@credkit\/core["']\s*\)/)
  })
})
