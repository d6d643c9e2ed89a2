// Runs the bundled suite inside Bun or Deno themselves (not Node): `bun run run-bundle.mjs` or
// `deno run --allow-read=<.out> run-bundle.mjs`. No network permission is granted to Deno, which
// proves the suite never reaches for the network.
import { printCrash, printReport } from './print-report.mjs'

const runtime = globalThis.Deno ? 'deno' : globalThis.Bun ? 'bun' : undefined
const exit = (code) => (globalThis.Deno ? globalThis.Deno.exit(code) : globalThis.process.exit(code))

// Both expose node:crypto through process.getBuiltinModule (checked on Bun 1.4.5 and Deno 2.9.6),
// so core's probe prefers it even without crypto.subtle; asserting it makes a change visible.
const expectations = { defaultCrypto: 'node:crypto', withoutSubtle: 'node:crypto' }

if (!runtime) {
  exit(printCrash('run-bundle', new Error('run this file with bun or deno; Node runs the suite through vitest')))
}
try {
  const { runConformance } = await import(new URL('./.out/suite.mjs', import.meta.url).href)
  exit(printReport(runtime, await runConformance(expectations)))
} catch (error) {
  exit(printCrash(runtime, error))
}
