/**
 * Splits a `credential_process` value into a program and its arguments the way the AWS CLI does,
 * so that a profile behaves the same under credkit and the CLI. botocore
 * (`botocore/compat.py` `compat_shell_split`, used by `ProcessProvider`) runs the result WITHOUT a
 * shell: POSIX `shlex.split` rules elsewhere, the Microsoft C runtime's rules on Windows. No `$VAR`,
 * `~`, globs, pipes, `;` or `&&`: a value that needs them must call a shell explicitly
 * (`credential_process = sh -c '…'`), as with the CLI. (The AWS SDK for JavaScript hands the value
 * to a shell instead; credkit deliberately follows the CLI.)
 *
 * Returns the words, or a reason the line cannot be split.
 */
export function splitCommandLine(line: string, platform: NodeJS.Platform): string[] | { error: string } {
  return platform === 'win32' ? splitWindows(line) : splitPosix(line)
}

/** Python's `shlex.split(line)` (posix mode, no comments). */
function splitPosix(line: string): string[] | { error: string } {
  const words: string[] = []
  let word: string | undefined
  let index = 0
  while (index < line.length) {
    const character = line[index]!
    if (character === ' ' || character === '\t' || character === '\n' || character === '\r') {
      if (word !== undefined) words.push(word)
      word = undefined
      index++
    } else if (character === "'") {
      const end = line.indexOf("'", index + 1)
      if (end === -1) return { error: 'it has no closing quotation' }
      word = (word ?? '') + line.slice(index + 1, end)
      index = end + 1
    } else if (character === '"') {
      word ??= ''
      index++
      for (;;) {
        if (index >= line.length) return { error: 'it has no closing quotation' }
        const inner = line[index]!
        if (inner === '"') break
        // Inside double quotes a backslash escapes only `"` and `\`; before anything else it stays.
        if (inner === '\\' && index + 1 < line.length && (line[index + 1] === '"' || line[index + 1] === '\\')) {
          word += line[index + 1]
          index += 2
        } else {
          word += inner
          index++
        }
      }
      index++
    } else if (character === '\\') {
      if (index + 1 >= line.length) return { error: 'it ends with an escape character' }
      word = (word ?? '') + line[index + 1]
      index += 2
    } else {
      word = (word ?? '') + character
      index++
    }
  }
  if (word !== undefined) words.push(word)
  return words
}

/**
 * The Microsoft C runtime's argument rules, as botocore's `_windows_shell_split`: space and tab
 * separate, only double quotes quote, and backslashes are literal unless they precede a quote
 * (then 2n backslashes give n and the quote toggles, 2n+1 give n and a literal quote).
 */
function splitWindows(line: string): string[] | { error: string } {
  const words: string[] = []
  let word = ''
  let started = false
  let quoted = false
  let backslashes = 0
  for (const character of line) {
    if (character === '\\') {
      backslashes++
      continue
    }
    if (character === '"') {
      word += '\\'.repeat(Math.floor(backslashes / 2))
      if (backslashes % 2 === 1) word += '"'
      else quoted = !quoted
      backslashes = 0
      started = true
      continue
    }
    word += '\\'.repeat(backslashes)
    backslashes = 0
    if ((character === ' ' || character === '\t') && !quoted) {
      if (started || word !== '') words.push(word)
      word = ''
      started = false
    } else {
      word += character
      started = true
    }
  }
  word += '\\'.repeat(backslashes)
  if (quoted) return { error: 'it has no closing quotation' }
  if (started || word !== '') words.push(word)
  return words
}
