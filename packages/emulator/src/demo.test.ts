import { spawn } from 'node:child_process'
import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { expect, it } from 'vitest'

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..')
const demoPath = join(packageRoot, 'node_modules', '.cache', 'credkit-emulator-test', 'demo.mjs')

it('`npm run demo` walks every step, exits 0 and leaves nothing running', async () => {
  await mkdir(dirname(demoPath), { recursive: true })
  await build({ entryPoints: [join(packageRoot, 'src', 'demo.ts')], outfile: demoPath, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' })
  const child = spawn(process.execPath, [demoPath], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  // Exiting on its own proves no server, socket or timer was left holding the process.
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  expect(output).not.toContain('✘')
  expect(output).toMatch(/all steps passed in \d+ ms/)
  expect(code).toBe(0)
}, 55_000)
