import { CredentialStoreError } from '@credkit/core/credentials'

/**
 * The few Redis commands a credential store needs, over whichever client the application already
 * has: node-redis (`sendCommand([...])`) or ioredis (`call(name, ...args)`). Taking the client
 * keeps @credkit/node free of a Redis dependency and shares the application's connection,
 * authentication and TLS settings.
 */
export type RedisClientLike =
  | { sendCommand(args: string[]): Promise<unknown> }
  | { call(command: string, ...args: string[]): Promise<unknown> }

export type StoreOperation = CredentialStoreError['operation']
export type RedisCommand = (operation: StoreOperation, args: string[]) => Promise<unknown>


/**
 * Sends commands with a deadline: a client that is reconnecting queues commands indefinitely,
 * and a credential lookup must not wait on a Redis that is down.
 */
export function createRedisCommand(client: RedisClientLike, timeoutMs: number): RedisCommand {
  const send: (args: string[]) => Promise<unknown> =
    'sendCommand' in client && typeof client.sendCommand === 'function'
      ? (args) => client.sendCommand(args)
      : 'call' in client && typeof client.call === 'function'
        ? (args) => client.call(args[0]!, ...args.slice(1))
        : () => {
            throw new TypeError('redisStore needs a node-redis client (sendCommand) or an ioredis client (call)')
          }
  return async (operation, args) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CredentialStoreError(`Redis ${args[0]} took longer than ${timeoutMs} ms`, { operation })), timeoutMs)
    })
    try {
      return await Promise.race([Promise.resolve().then(() => send(args)), deadline])
    } catch (error) {
      if (error instanceof CredentialStoreError || error instanceof TypeError) throw error
      // The client's error may quote the command, whose arguments hold credentials: keep only its
      // code or name, and not the error itself.
      const reason = (error as NodeJS.ErrnoException | undefined)?.code ?? (error as Error | undefined)?.name ?? 'error'
      throw new CredentialStoreError(`Redis ${args[0]} failed: ${reason}`, { operation })
    } finally {
      clearTimeout(timer)
    }
  }
}
