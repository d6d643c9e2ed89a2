import { homeDirectory, type Environment } from '../profiles/profile-file-locations.js'
import { deserializeEntry, serializeEntry } from './serialize-entry.js'
import { CredentialStoreError, type CredentialStore, type StoreLock } from '@credkit/core/credentials'

/** The cache directory's path is taken by something that is not a directory. */
class NotADirectory extends Error {}

export interface FileStoreOptions {
  /** Default `~/.aws/credkit/cache` (home as the providers find it, from `env`). */
  readonly directory?: string
  readonly env?: Environment
  readonly now?: () => number
}

/**
 * A `CredentialStore` in a directory, so that the processes of one machine (CLI runs, workers,
 * cron jobs) share one assumed-role session. The directory is created 0700 and each file 0600;
 * a file is written to a temporary name and renamed into place, so a reader sees the old entry or
 * the new one, never half of one. A file that does not read back as an entry is a miss and is
 * replaced by the next write. The lock is a lock file created exclusively (`wx`), holding its
 * owner's token and deadline, taken over once that deadline has passed.
 */
export function fileStore(options: FileStoreOptions = {}): CredentialStore {
  // Taken when a store is made, not imported: importing @credkit/node loads no built-in module
  // (node:crypto alone costs a new process about 2 ms; issue 5).
  const { createHash, randomUUID } = process.getBuiltinModule('node:crypto')
  const { chmod, link, lstat, mkdir, open, readFile, rename, unlink } = process.getBuiltinModule('node:fs/promises')
  const { join } = process.getBuiltinModule('node:path')
  const now = options.now ?? Date.now
  const directory = options.directory ?? join(homeDirectory(options.env ?? process.env), '.aws', 'credkit', 'cache')
  // File names are hashes: keys hold ARNs and session names, which are not file-name safe.
  const name = (key: string) => createHash('sha256').update(key).digest('hex')
  const entryPath = (key: string) => join(directory, `${name(key)}.json`)
  const lockPath = (key: string) => join(directory, `${name(key)}.lock`)
  let ready: Promise<void> | undefined

  /**
   * Runs one operation of the store; a file-system error becomes the `CredentialStoreError` the
   * store contract promises, with the operation, instead of a raw EISDIR or ENOTDIR.
   */
  const guard = async <T>(operation: CredentialStoreError['operation'], path: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const message =
        error instanceof NotADirectory || code === 'ENOTDIR'
          ? `the credential cache ${directory} is not a directory`
          : code === 'EISDIR'
            ? `the credential cache cannot ${operation} ${path}: it is a directory`
            : `the credential cache cannot ${operation} ${path}: ${code ?? 'unknown error'}`
      // NotADirectory is ours: its cause (mkdir's error, if any) is the one worth keeping.
      const cause = error instanceof NotADirectory ? error.cause : error
      throw new CredentialStoreError(message, { operation, ...(cause !== undefined ? { cause } : {}) })
    }
  }

  const ensureDirectory = () =>
    (ready ??= (async () => {
      await mkdir(directory, { recursive: true, mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
        // EEXIST: a file has the directory's name; ENOTDIR: a file has a parent's.
        if (error.code === 'EEXIST' || error.code === 'ENOTDIR') throw new NotADirectory(error.code, { cause: error })
        throw error
      })
      const stats = await lstat(directory)
      if (!stats.isDirectory()) throw new NotADirectory()
      // An existing directory may have been made with the umask's looser mode.
      if ((stats.mode & 0o077) !== 0 && stats.uid === process.getuid?.()) await chmod(directory, 0o700)
    })().catch((error: unknown) => {
      ready = undefined
      throw error
    }))

  /** Creates `path` with `text`, mode 0600, by way of a temporary file and a rename. */
  async function writeAtomically(path: string, text: string): Promise<void> {
    await ensureDirectory()
    const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`
    const handle = await open(temporary, 'wx', 0o600)
    try {
      await handle.writeFile(text)
      await handle.sync()
    } finally {
      await handle.close()
    }
    try {
      await rename(temporary, path)
    } catch (error) {
      await unlink(temporary).catch(() => undefined)
      throw error
    }
  }

  const readOptional = (path: string) =>
    readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined
      throw error
    })

  return {
    get: (key) =>
      guard('get', entryPath(key), async () => {
        const text = await readOptional(entryPath(key))
        if (text === undefined) return undefined
        const entry = deserializeEntry(text)
        return entry === undefined || entry.expiresAt <= now() ? undefined : entry.value
      }),
    set: (key, value, { expiresAt }) =>
      guard('set', entryPath(key), () => writeAtomically(entryPath(key), serializeEntry({ value, expiresAt: expiresAt.getTime() }))),
    delete: (key) =>
      guard('delete', entryPath(key), async () => {
        await unlink(entryPath(key)).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error
        })
      }),
    lock: (key, ttlMs) => guard('lock', lockPath(key), () => takeLock(key, ttlMs)),
  }

  async function takeLock(key: string, ttlMs: number): Promise<StoreLock | undefined> {
    await ensureDirectory()
    const path = lockPath(key)
    const token = randomUUID()
    const content = JSON.stringify({ token, until: now() + ttlMs, pid: process.pid })
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const handle = await open(path, 'wx', 0o600)
        try {
          await handle.writeFile(content)
        } finally {
          await handle.close()
        }
        return {
          release: () =>
            guard('release', path, async () => {
              const held = await readOptional(path)
              if (held !== undefined && held === content) await unlink(path).catch(() => undefined)
            }),
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      // Held: take it over only when its owner's deadline has passed (or it is unreadable,
      // e.g. its owner died between creating and writing it, and it is older than the TTL).
      const held = await readOptional(path)
      let until: number | undefined
      try {
        until = (JSON.parse(held ?? '') as { until?: unknown }).until as number | undefined
      } catch {
        until = undefined
      }
      if (typeof until === 'number' && until > now()) return undefined
      if (until === undefined) {
        const stats = await lstat(path).catch(() => undefined)
        if (stats !== undefined && stats.mtimeMs + ttlMs > now()) return undefined
      }
      // Rename, then check what was renamed: two processes taking over the same stale lock must
      // not remove the fresh lock one of them has just created. If it was fresh, put it back.
      const stale = `${path}.${randomUUID()}.stale`
      if (!(await rename(path, stale).then(() => true, () => false))) continue
      if ((await readOptional(stale)) !== held) {
        await link(stale, path).catch(() => undefined)
        await unlink(stale).catch(() => undefined)
        return undefined
      }
      await unlink(stale).catch(() => undefined)
    }
    return undefined
  }
}
