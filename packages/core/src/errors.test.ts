import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import * as core from './index.js'

type ErrorClass = new (message: string, options: object) => Error & { code: string }

// Every CredkitError class core exports, by its export name.
const errorClasses = (module: Record<string, unknown>) =>
  Object.entries(module).filter(
    (entry): entry is [string, ErrorClass] =>
      typeof entry[1] === 'function' && (entry[1] === module.CredkitError || entry[1].prototype instanceof (module.CredkitError as ErrorClass)),
  )

// What the subclasses' constructors need besides a message.
const options = { reasons: [], operation: 'get' }
const expectedName = (exportName: string) => (exportName === 'AttemptTimeoutError' ? 'TimeoutError' : exportName)

// Another copy of core's classes, as a browser bundle or @credkit/node's bundled copy of
// `@credkit/core/credentials` has: built from the same source, minified, loaded as its own module.
let copy: Promise<Record<string, unknown>> | undefined
const minifiedCopy = () =>
  (copy ??= build({
    stdin: { contents: "export * from './src/index.ts'", resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  }).then(({ outputFiles }) => import(`data:text/javascript;base64,${btoa(outputFiles[0]!.text)}`) as Promise<Record<string, unknown>>))

describe('error classes', () => {
  it('each has its own code and its class name as name', () => {
    const classes = errorClasses(core)
    expect(classes.length).toBeGreaterThan(10)
    const codes = new Set<string>()
    for (const [exportName, ErrorClass] of classes) {
      const error = new ErrorClass('m', options)
      expect(error.name).toBe(expectedName(exportName))
      expect(error.code).toBe((ErrorClass as unknown as { code: string }).code)
      codes.add(error.code)
    }
    expect(codes.size).toBe(classes.length)
  })

  it('keep their names in a minified browser bundle, where classes are renamed', async () => {
    const minified = await minifiedCopy()
    const classes = errorClasses(minified)
    expect(classes.map(([exportName]) => exportName).sort()).toEqual(errorClasses(core).map(([exportName]) => exportName).sort())
    for (const [exportName, ErrorClass] of classes) {
      expect(ErrorClass.name).not.toBe(exportName) // renamed, as the test means it to be
      expect(new ErrorClass('m', options).name).toBe(expectedName(exportName))
    }
  })

  it('are instances of the same class and its parents in another copy of credkit, and of no other', async () => {
    const other = new Map(errorClasses(await minifiedCopy()))
    for (const [exportName, ErrorClass] of errorClasses(core)) {
      const Copied = other.get(exportName)!
      expect(Copied).not.toBe(ErrorClass)
      for (const [left, right] of [
        [ErrorClass, Copied],
        [Copied, ErrorClass],
      ] as const) {
        const error = new left('m', options)
        expect(error instanceof right, exportName).toBe(true)
        for (const [otherName, OtherClass] of errorClasses(core)) {
          // Instance of another class exactly when the ordinary check says so within one copy.
          const counterpart = right === Copied ? other.get(otherName)! : OtherClass
          expect(error instanceof counterpart, `${exportName} instanceof ${otherName}`).toBe(new ErrorClass('m', options) instanceof OtherClass)
        }
      }
    }
  })

  it('lets chain() of one copy move on past a not-configured error of another', async () => {
    const { chain } = (await minifiedCopy()) as typeof core
    const credentials = await chain(async () => {
      throw new core.CredentialsNotConfiguredError('no variables')
    }, async () => ({ accessKeyId: 'AKIDCOPY', secretAccessKey: 'secret' }))()
    expect(credentials.accessKeyId).toBe('AKIDCOPY')
  })

  it('are not claimed by values that only look like them', () => {
    class LooksLike extends Error {
      static code = 'ERR_INVALID_CREDENTIALS'
    }
    const coded = Object.assign(new Error('m'), { code: 'ERR_CREDKIT' })
    const orphan = Object.create(Object.create(null, { constructor: { value: null } })) as object
    for (const value of [null, undefined, 1, 'ERR_CREDKIT', {}, Object.create(null), orphan, coded, new LooksLike(), new Error('m')]) {
      expect(value instanceof core.CredkitError).toBe(false)
      expect(value instanceof core.InvalidCredentialsError).toBe(false)
    }
  })

  it('check a subclass without a code of its own the ordinary way', () => {
    class AppError extends core.CredkitError {}
    expect(new AppError('m') instanceof AppError).toBe(true)
    expect(new AppError('m') instanceof core.CredkitError).toBe(true)
    expect(new core.CredkitError('m') instanceof AppError).toBe(false)
    expect(new core.InvalidCredentialsError('m') instanceof AppError).toBe(false)
  })
})
