import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeFifo, within } from '../../test/fifo.js'
import { ProfileFileParseError, ProfileFileReadError } from '../errors.js'
import { loadProfileSet } from './load-profile-set.js'
import { parseProfileFile } from './parse-profile-file.js'
import { profileFileLocations } from './profile-file-locations.js'
import { createProfileSet, mergeProfileFile, parseSubProperties } from './profile-set.js'

describe('parseProfileFile', () => {
  it('names the file and the 1-based line of a malformed definition', () => {
    const error = (() => {
      try {
        parseProfileFile('[default]\nregion = eu-west-1\n\n[profile broken\nx = 1', '/home/me/.aws/config')
      } catch (caught) {
        return caught as ProfileFileParseError
      }
    })()
    expect(error).toBeInstanceOf(ProfileFileParseError)
    expect(error?.path).toBe('/home/me/.aws/config')
    expect(error?.line).toBe(4)
    expect(error?.message).toBe("Profile definition must end with ']' (/home/me/.aws/config, line 4)")
  })

  it('never puts a value in an error (it may be a secret)', () => {
    try {
      parseProfileFile('aws_secret_access_key = wJalrXUtnFEMI', 'credentials')
      expect.unreachable()
    } catch (error) {
      expect((error as Error).message).not.toContain('wJalrXUtnFEMI')
    }
  })

  it('skips a byte order mark', () => {
    const set = mergeProfileFile(createProfileSet(), parseProfileFile('\uFEFF[default]\na = b', 'c'), 'config', 'c')
    expect(set.profiles.get('default')?.properties).toEqual({ a: 'b' })
  })

  it('treats __proto__ as an ordinary profile and key', () => {
    const text = '[profile __proto__]\n__proto__ = x\nconstructor = y'
    const set = mergeProfileFile(createProfileSet(), parseProfileFile(text, 'c'), 'config', 'c')
    const profile = set.profiles.get('__proto__')!
    expect(Object.keys(profile.properties)).toEqual(['__proto__', 'constructor'])
    expect(profile.properties['__proto__']).toBe('x')
    expect(({} as Record<string, unknown>)['x']).toBeUndefined()
  })

  it('keeps [services] sections with their sub-properties, and where each key came from', () => {
    const text = '[profile dev]\nservices = local\n[services local]\nsts =\n  endpoint_url = http://127.0.0.1:4566\n'
    const set = mergeProfileFile(createProfileSet(), parseProfileFile(text, '/c'), 'config', '/c')
    const sts = set.sections.get('services')?.get('local')?.properties['sts']
    expect(parseSubProperties(sts!)).toEqual({ endpoint_url: 'http://127.0.0.1:4566' })
    expect(set.profiles.get('dev')?.locations['services']).toEqual({ path: '/c', line: 2 })
  })

  it('redacts secret settings in util.inspect and JSON.stringify, not when read', () => {
    const text = '[default]\naws_access_key_id = AKID\naws_secret_access_key = SECRETVALUE\naws_session_token = TOKENVALUE\n'
    const set = mergeProfileFile(createProfileSet(), parseProfileFile(text, 'c'), 'credentials', 'c')
    const printed = `${inspect(set, { depth: 10 })} ${JSON.stringify(set.profiles.get('default'))} ${inspect(set.profiles.get('default')!.properties)}`
    expect(printed).not.toMatch(/SECRETVALUE|TOKENVALUE/)
    expect(printed).toContain("aws_access_key_id: 'AKID'")
    expect(printed).toContain('"aws_secret_access_key":"[redacted]"')
    expect(set.profiles.get('default')!.properties['aws_secret_access_key']).toBe('SECRETVALUE')
    expect(Object.keys(set.profiles.get('default')!.properties)).toEqual(['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'])
  })

  it('does not crash or hang on arbitrary input', () => {
    const alphabet = ['[', ']', '=', ' ', '\t', '\n', '\r', '#', ';', 'a', 'profile ', '\u0000', 'é']
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let run = 0; run < 2000; run++) {
      const text = Array.from({ length: 40 }, () => alphabet[Math.floor(random() * alphabet.length)]).join('')
      try {
        mergeProfileFile(createProfileSet(), parseProfileFile(text, 'f'), 'config', 'f')
      } catch (error) {
        expect(error).toBeInstanceOf(ProfileFileParseError)
      }
    }
  })
})

describe('profile files on disk', () => {
  let directory: string
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'credkit-profiles-'))
  })
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true })
  })

  it('reads ~/.aws/config and ~/.aws/credentials under HOME, the credentials file winning', async () => {
    await mkdir(join(directory, '.aws'))
    await writeFile(join(directory, '.aws', 'config'), '[default]\nregion = eu-west-1\nkey = config\n')
    await writeFile(join(directory, '.aws', 'credentials'), '[default]\nkey = credentials\n')
    const locations = profileFileLocations({ env: { HOME: directory } })
    const set = await loadProfileSet(locations)
    expect(set.profiles.get('default')?.properties).toEqual({ region: 'eu-west-1', key: 'credentials' })
    expect(set.profiles.get('default')?.locations['key']?.path).toBe(join(directory, '.aws', 'credentials'))
  })

  it('treats missing files as empty', async () => {
    const set = await loadProfileSet(profileFileLocations({ env: { HOME: directory } }))
    expect(set.profiles.size).toBe(0)
    expect(set.files).toEqual([])
  })

  it('reports a file that exists but cannot be read', async () => {
    await mkdir(join(directory, 'config'))
    await expect(loadProfileSet({ configFile: join(directory, 'config'), credentialsFile: '/nonexistent' })).rejects.toBeInstanceOf(
      ProfileFileReadError,
    )
  })

  it.each(['configFile', 'credentialsFile'] as const)('a FIFO as the %s is a ProfileFileReadError at once, not a wait for a writer', async (which) => {
    const fifo = join(directory, 'fifo')
    const pipe = makeFifo(fifo)
    try {
      const files = { configFile: join(directory, 'no-config'), credentialsFile: join(directory, 'no-credentials'), [which]: fifo }
      const outcome = await within(1000, loadProfileSet(files).catch((error: unknown) => error))
      expect(outcome).toBeInstanceOf(ProfileFileReadError)
      expect((outcome as ProfileFileReadError).path).toBe(fifo)
      expect((outcome as Error).message).toBe(`cannot read ${fifo}: a FIFO, not a regular file`)
    } finally {
      await pipe.release()
    }
  })

  it('the null device still reads as an empty file (AWS_CONFIG_FILE=/dev/null), a directory is not a file', async () => {
    const set = await loadProfileSet({ configFile: '/dev/null', credentialsFile: '/dev/null' })
    expect(set.profiles.size).toBe(0)
    const error = await loadProfileSet({ configFile: directory, credentialsFile: '/dev/null' }).catch((caught: unknown) => caught)
    expect((error as Error).message).toBe(`cannot read ${directory}: a directory, not a regular file`)
  })

  it('expands ~/ in AWS_CONFIG_FILE, ignores blank variables and prefers options', () => {
    const env = { HOME: '/home/me', AWS_CONFIG_FILE: '~/elsewhere/config', AWS_SHARED_CREDENTIALS_FILE: ' ', AWS_PROFILE: '' }
    expect(profileFileLocations({ env, platform: 'linux' })).toEqual({
      configFile: '/home/me/elsewhere/config',
      credentialsFile: '/home/me/.aws/credentials',
      profile: 'default',
      profileChosen: false,
    })
    expect(profileFileLocations({ env, platform: 'linux', profile: 'dev', configFile: '/etc/c' })).toMatchObject({
      configFile: '/etc/c',
      profile: 'dev',
      profileChosen: true,
    })
  })
})
