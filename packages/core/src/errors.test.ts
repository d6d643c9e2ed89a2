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
    const { outputFiles } = await build({
      stdin: { contents: "export * from './src/index.ts'", resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    })
    const minified = (await import(`data:text/javascript;base64,${btoa(outputFiles[0]!.text)}`)) as Record<string, unknown>
    const classes = errorClasses(minified)
    expect(classes.map(([exportName]) => exportName).sort()).toEqual(errorClasses(core).map(([exportName]) => exportName).sort())
    for (const [exportName, ErrorClass] of classes) {
      expect(ErrorClass.name).not.toBe(exportName) // renamed, as the test means it to be
      expect(new ErrorClass('m', options).name).toBe(expectedName(exportName))
    }
  })
})
