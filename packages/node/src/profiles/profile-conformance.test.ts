import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ProfileFileParseError } from '../errors.js'
import { parseProfileFile } from './parse-profile-file.js'
import { profileFileLocations } from './profile-file-locations.js'
import { createProfileSet, mergeProfileFile, type ProfileSection } from './profile-set.js'

// The AWS SDKs' shared parser and file-location suites (test/vectors/NOTICE), run case by case.
const vectors = new URL('../../test/vectors/', import.meta.url)
const parserSuite = JSON.parse(readFileSync(new URL('profile-parser-tests.json', vectors), 'utf8')) as {
  tests: {
    name: string
    input: { configFile?: string; credentialsFile?: string }
    output:
      | { errorContaining: string }
      | { config: { profiles: Record<string, Record<string, string>>; sso_sessions?: Record<string, Record<string, string>> } }
  }[]
}
const locationSuite = JSON.parse(readFileSync(new URL('file-location-tests.json', vectors), 'utf8')) as {
  tests: {
    name: string
    environment: Record<string, string>
    platform: 'linux' | 'windows'
    profile?: string
    configLocation: string
    credentialsLocation: string
  }[]
}

const plain = (sections: ReadonlyMap<string, ProfileSection>) =>
  Object.fromEntries([...sections].map(([name, section]) => [name, { ...section.properties }]))

function parse(input: { configFile?: string; credentialsFile?: string }) {
  let set = createProfileSet()
  if (input.configFile !== undefined) {
    set = mergeProfileFile(set, parseProfileFile(input.configFile, '/tmp/config'), 'config', '/tmp/config')
  }
  if (input.credentialsFile !== undefined) {
    set = mergeProfileFile(set, parseProfileFile(input.credentialsFile, '/tmp/credentials'), 'credentials', '/tmp/credentials')
  }
  return set
}

describe('AWS profile parser conformance (profile-parser-tests.json)', () => {
  it('has all 65 cases', () => expect(parserSuite.tests).toHaveLength(65))

  parserSuite.tests.forEach((test, index) => {
    it(`${index + 1}: ${test.name}`, () => {
      if ('errorContaining' in test.output) {
        let caught: unknown
        try {
          parse(test.input)
        } catch (error) {
          caught = error
        }
        expect(caught).toBeInstanceOf(ProfileFileParseError)
        expect((caught as Error).message).toContain(test.output.errorContaining)
        expect((caught as ProfileFileParseError).code).toBe('ERR_PROFILE_FILE_PARSE')
        expect((caught as Error).message).toMatch(/\(\/tmp\/(config|credentials), line \d+\)$/)
      } else {
        const set = parse(test.input)
        expect(plain(set.profiles)).toEqual(test.output.config.profiles)
        if (test.output.config.sso_sessions !== undefined) {
          expect(plain(set.ssoSessions)).toEqual(test.output.config.sso_sessions)
        }
      }
    })
  })
})

describe('AWS profile file location conformance (file-location-tests.json)', () => {
  it('has all 9 cases', () => expect(locationSuite.tests).toHaveLength(9))

  locationSuite.tests.forEach((test, index) => {
    it(`${index + 1}: ${test.name}`, () => {
      const locations = profileFileLocations({
        env: test.environment,
        platform: test.platform === 'windows' ? 'win32' : 'linux',
      })
      expect(locations.configFile).toBe(test.configLocation)
      expect(locations.credentialsFile).toBe(test.credentialsLocation)
      expect(locations.profile).toBe(test.profile ?? 'default')
    })
  })
})
