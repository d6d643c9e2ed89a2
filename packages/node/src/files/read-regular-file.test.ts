import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { makeFifo, within } from '../../test/fifo.js'
import { NotRegularFileError, readRegularFile } from './read-regular-file.js'

describe('readRegularFile', () => {
  let directory: string
  const fs = process.getBuiltinModule('node:fs/promises')
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'credkit-read-'))
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    await rm(directory, { recursive: true, force: true })
  })

  it('reads a regular file and the null device, opening each once', async () => {
    const open = vi.spyOn(fs, 'open')
    const file = join(directory, 'config')
    await writeFile(file, '[default]\n')
    expect(await readRegularFile(file)).toBe('[default]\n')
    expect(await readRegularFile('/dev/null')).toBe('')
    expect(open).toHaveBeenCalledTimes(2)
  })

  // Opening has effects of its own on some files: a terminal can become the controlling
  // terminal, a tape device rewinds. What is refused is never opened.
  it('refuses a FIFO, a directory and a device other than the null device without opening them', async () => {
    const open = vi.spyOn(fs, 'open')
    const fifo = join(directory, 'fifo')
    const pipe = makeFifo(fifo)
    try {
      for (const [path, type] of [
        [fifo, 'a FIFO'],
        [directory, 'a directory'],
        ['/dev/zero', 'a device'],
      ] as const) {
        const outcome = await within(1000, readRegularFile(path).catch((error: unknown) => error))
        expect(outcome).toBeInstanceOf(NotRegularFileError)
        expect((outcome as NotRegularFileError).fileType).toBe(type)
      }
    } finally {
      await pipe.release()
    }
    expect(open).not.toHaveBeenCalled()
  })
})
