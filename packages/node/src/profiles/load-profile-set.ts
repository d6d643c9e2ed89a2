import { ProfileFileReadError } from '../errors.js'
import { readRegularFile } from '../files/read-regular-file.js'
import { parseProfileFile } from './parse-profile-file.js'
import { createProfileSet, mergeProfileFile, type ProfileSet } from './profile-set.js'

/**
 * Reads and merges the config file, then the credentials file. A missing file is an empty one (most
 * machines have only one of the two); a file that exists but cannot be read is an error, because
 * skipping it could silently pick other credentials. So is a path that names a FIFO, a directory or
 * a device other than the null device: reading a FIFO would wait for a writer for ever.
 */
export async function loadProfileSet(files: { configFile: string; credentialsFile: string }): Promise<ProfileSet> {
  let set = createProfileSet()
  for (const [path, kind] of [
    [files.configFile, 'config'],
    [files.credentialsFile, 'credentials'],
  ] as const) {
    const text = await readOptionalFile(path)
    if (text !== undefined) set = mergeProfileFile(set, parseProfileFile(text, path), kind, path)
  }
  return set
}

async function readOptionalFile(path: string): Promise<string | undefined> {
  try {
    return await readRegularFile(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw new ProfileFileReadError(path, { cause: error })
  }
}
