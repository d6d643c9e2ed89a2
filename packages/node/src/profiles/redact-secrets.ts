const secretKeys = new Set(['aws_secret_access_key', 'aws_session_token', 'aws_security_token'])
const inspectSymbol = Symbol.for('nodejs.util.inspect.custom')

/** A copy of a profile's settings fit for printing: the secret values replaced. */
export function redactedSettings(properties: Readonly<Record<string, string>>): Record<string, string> {
  const copy: Record<string, string> = Object.create(null)
  for (const [key, value] of Object.entries(properties)) copy[key] = secretKeys.has(key) ? '[redacted]' : value
  return copy
}

/**
 * Makes `JSON.stringify` and `util.inspect` of a profile's settings show `[redacted]` for secrets,
 * so logging a profile never leaks its keys. The hooks are non-enumerable: reading, spreading and
 * `Object.keys` see only the settings.
 */
export function hideSecretsWhenPrinted<T extends Record<string, string>>(properties: T): T {
  Object.defineProperty(properties, 'toJSON', { value: () => ({ ...redactedSettings(properties) }), enumerable: false })
  Object.defineProperty(properties, inspectSymbol, {
    value: (_depth: number, options: object, inspect: (value: unknown, options: object) => string) =>
      inspect({ ...redactedSettings(properties) }, options),
    enumerable: false,
  })
  return properties
}
