import { readFile } from 'node:fs/promises'
import type { EmulatorConfig } from './emulator-config.js'
import { EmulatorConfigError } from './errors.js'
import { resolveConfig } from './resolve-config.js'

/** Reads and checks a JSON configuration file; every problem is an EmulatorConfigError naming the file. */
export async function loadConfigFile(path: string): Promise<EmulatorConfig> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new EmulatorConfigError(`cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error })
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new EmulatorConfigError(`config file ${path} is not valid JSON: ${(error as Error).message}`, { cause: error })
  }
  try {
    resolveConfig(parsed)
  } catch (error) {
    if (error instanceof EmulatorConfigError) throw new EmulatorConfigError(`${path}: ${error.message}`, { cause: error })
    throw error
  }
  return parsed as EmulatorConfig
}
