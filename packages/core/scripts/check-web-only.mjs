// Fails the build when Node-only code reaches core's output. The one sanctioned way to use a Node
// built-in is the run-time probe `globalThis.process?.getBuiltinModule?.('node:…')`, which is a
// property access on globalThis and a string argument, so bundlers never follow it.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const forbidden = [
  [/\bfrom\s*['"]node:/, 'a static import of a node: module'],
  [/\bimport\s*\(\s*['"]node:/, 'a dynamic import of a node: module'],
  [/(?<![.\w$])require\s*\(/, 'require()'],
  [/(?<![.\w$])Buffer\b/, 'Buffer'],
  [/(?<![.\w$'"])process\b/, 'the process global (use globalThis.process?. in a probe)'],
]

const files = readdirSync('dist', { recursive: true }).filter((file) => String(file).endsWith('.js'))
const problems = []
for (const file of files) {
  // Comments may name Node things freely; blank them out but keep the line numbers.
  const source = readFileSync(join('dist', String(file)), 'utf8').replace(/\/\*[\s\S]*?\*\//g, (comment) =>
    comment.replace(/[^\n]/g, ' '),
  )
  const lines = source.split('\n')
  lines.forEach((line, index) => {
    const code = line.replace(/(^|[^:])\/\/.*$/, '$1')
    for (const [pattern, what] of forbidden) {
      if (pattern.test(code)) problems.push(`dist/${file}:${index + 1}: ${what}: ${line.trim()}`)
    }
  })
}
if (problems.length > 0) {
  console.error('Node-only code in @credkit/core output:\n' + problems.join('\n'))
  process.exit(1)
}
console.log(`check-web-only: ${files.length} files, no Node-only code`)
