/** `export NAME='value'` lines a POSIX shell can `eval`; single quotes so nothing is expanded. */
export function shellExports(environment: Readonly<Record<string, string>>): string {
  return Object.entries(environment)
    .map(([name, value]) => `export ${name}='${value.replace(/'/g, `'\\''`)}'`)
    .join('\n')
}
