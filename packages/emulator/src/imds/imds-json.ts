/** IMDS writes JSON documents with `"Key" : value` and two-space indents; clients must cope. */
export function imdsJson(fields: Readonly<Record<string, string | number | undefined>>): string {
  const lines = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `  ${JSON.stringify(key)} : ${JSON.stringify(value)}`)
  return `{\n${lines.join(',\n')}\n}`
}
