/**
 * Runs `body` with some process environment variables set, then restores them. Only for the AWS
 * SDK providers that read nothing but process.env (fromInstanceMetadata, fromContainerMetadata).
 */
export async function withEnv<T>(variables: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const saved = new Map<string, string | undefined>()
  for (const [name, value] of Object.entries(variables)) {
    saved.set(name, process.env[name])
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  try {
    return await body()
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}
