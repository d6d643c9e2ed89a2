import type { Stats } from 'node:fs'

/**
 * What `readRegularFile` refuses to read instead of a regular file. `code` is libuv's name for an
 * inappropriate file type, so that code which reports a file error by its `code` stays right.
 */
export class NotRegularFileError extends Error {
  readonly code = 'EFTYPE'
  /** `a FIFO`, `a directory`, `a socket` or `a device`. */
  readonly fileType: string

  constructor(fileType: string) {
    super(`${fileType}, not a regular file`)
    this.fileType = fileType
  }
}

/** Why a file could not be read, for a message: its error code (`ENOENT`, `EACCES`, …) or what it is instead of a file. */
export function fileErrorReason(error: unknown): string {
  if (error instanceof NotRegularFileError) return error.message
  return (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown error'
}

/**
 * The text (UTF-8) of the regular file at `path`, following symbolic links; the null device reads
 * as empty, as it always has (`AWS_CONFIG_FILE=/dev/null` is a common way to say "no file").
 * Anything else throws `NotRegularFileError`: reading a FIFO blocks until something writes to it,
 * which may be never, and holds one of libuv's four file-system threads while it waits; a device
 * such as /dev/zero never ends. It is refused before it is opened (opening a terminal can make it
 * the process's controlling terminal, opening a tape device rewinds it); the file is then opened
 * non-blocking and without taking a terminal, in case the path changed in between, and checked
 * again through the open handle, so that what is read is what was checked.
 */
export async function readRegularFile(path: string): Promise<string> {
  // Taken at use, not imported: importing @credkit/node loads no built-in module (issue 5).
  const fs = process.getBuiltinModule('node:fs/promises')
  const checked = await fs.stat(path)
  await refuseUnlessRegular(checked)
  // Windows has no O_NONBLOCK nor O_NOCTTY, and no FIFO or terminal a path can name.
  const handle = await fs.open(path, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOCTTY ?? 0))
  try {
    const opened = await handle.stat()
    await refuseUnlessRegular(opened)
    return await handle.readFile('utf8')
  } finally {
    await handle.close()
  }
}

async function refuseUnlessRegular(stats: Stats): Promise<void> {
  if (!stats.isFile() && !(await isNullDevice(stats))) throw new NotRegularFileError(fileType(stats))
}

async function isNullDevice(stats: Stats): Promise<boolean> {
  if (!stats.isCharacterDevice()) return false
  const devNull = await process
    .getBuiltinModule('node:fs/promises')
    .stat(process.getBuiltinModule('node:os').devNull)
    .catch(() => undefined)
  return devNull !== undefined && devNull.isCharacterDevice() && stats.rdev === devNull.rdev
}

function fileType(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO'
  if (stats.isDirectory()) return 'a directory'
  if (stats.isSocket()) return 'a socket'
  return 'a device'
}
