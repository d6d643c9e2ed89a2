import { describe, expect, it } from 'vitest'
import { splitCommandLine } from './split-command-line.js'

// Expected values are what Python's shlex.split (botocore on POSIX) and botocore's
// _windows_shell_split return for the same input.
describe('splitCommandLine, POSIX (shlex.split as in the AWS CLI)', () => {
  const split = (line: string) => splitCommandLine(line, 'linux')
  it.each([
    ['/usr/bin/helper --profile dev', ['/usr/bin/helper', '--profile', 'dev']],
    ['  a\t b  ', ['a', 'b']],
    [`'/opt/my tools/helper' "--name=a b"`, ['/opt/my tools/helper', '--name=a b']],
    [`a'b'"c"d`, ['abcd']],
    [`a '' ""`, ['a', '', '']],
    [String.raw`a\ b c\"d`, ['a b', 'c"d']],
    [String.raw`"a\"b\\c\d"`, [String.raw`a"b\c\d`]],
    [`'a\\b'`, [String.raw`a\b`]],
    ['helper $HOME ~ *.json; rm -rf / && x | y', ['helper', '$HOME', '~', '*.json;', 'rm', '-rf', '/', '&&', 'x', '|', 'y']],
    ['', []],
  ])('%j', (line, words) => expect(split(line)).toEqual(words))

  it('rejects unclosed quotes and a trailing escape', () => {
    expect(split(`a 'b`)).toEqual({ error: 'it has no closing quotation' })
    expect(split(`a "b`)).toEqual({ error: 'it has no closing quotation' })
    expect(split('a \\')).toEqual({ error: 'it ends with an escape character' })
  })
})

describe('splitCommandLine, Windows (the C runtime rules botocore follows)', () => {
  const split = (line: string) => splitCommandLine(line, 'win32')
  it.each([
    [String.raw`C:\tools\helper.exe --x`, [String.raw`C:\tools\helper.exe`, '--x']],
    [String.raw`"C:\Program Files\h.exe" "a b" c`, [String.raw`C:\Program Files\h.exe`, 'a b', 'c']],
    [String.raw`a\\"b c" d`, [String.raw`a\b c`, 'd']],
    [String.raw`a\"b`, ['a"b']],
    [`'a b'`, [`'a`, `b'`]],
    [`a ""`, ['a', '']],
  ])('%j', (line, words) => expect(split(line)).toEqual(words))

  it('rejects an unclosed quote', () => expect(split('"a')).toEqual({ error: 'it has no closing quotation' }))
})
