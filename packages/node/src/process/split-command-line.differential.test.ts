import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { splitCommandLine } from './split-command-line.js'

// Differential test against the AWS CLI's own splitter: botocore's compat_shell_split when
// botocore is installed, else Python's shlex.split (what botocore calls on POSIX).
const probe = spawnSync('python3', ['-c', 'import shlex'], { encoding: 'utf8' })
const hasBotocore = spawnSync('python3', ['-c', 'import botocore.compat'], { encoding: 'utf8' }).status === 0

const reference = `
import json, shlex, sys
try:
    from botocore.compat import _windows_shell_split
except ImportError:
    _windows_shell_split = None
out = []
for platform, line in json.load(sys.stdin):
    try:
        out.append(_windows_shell_split(line) if platform == 'win32' else shlex.split(line))
    except ValueError:
        out.append(None)
print(json.dumps(out))
`

function generate(count: number, seed: number): string[] {
  const alphabet = ['a', 'b', ' ', '\t', "'", '"', '\\', '$', ';', '|', '~', '*', '#', 'é', '\n']
  let state = seed
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + Math.floor(random() * 16) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''),
  )
}

describe.skipIf(probe.status !== 0)('splitCommandLine matches the AWS CLI on 4000 generated lines', () => {
  const platforms = hasBotocore ? (['linux', 'win32'] as const) : (['linux'] as const)
  for (const platform of platforms) {
    it(platform === 'win32' ? 'Windows (botocore _windows_shell_split)' : 'POSIX (shlex.split)', () => {
      const lines = generate(2000, platform === 'win32' ? 11 : 5)
      const result = spawnSync('python3', ['-c', reference], {
        input: JSON.stringify(lines.map((line) => [platform, line])),
        encoding: 'utf8',
      })
      expect(result.status).toBe(0)
      const expected = JSON.parse(result.stdout) as (string[] | null)[]
      lines.forEach((line, index) => {
        const actual = splitCommandLine(line, platform)
        expect([line, 'error' in actual ? null : actual]).toEqual([line, expected[index]])
      })
    })
  }
})
