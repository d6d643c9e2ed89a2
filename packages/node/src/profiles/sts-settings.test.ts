import { describe, expect, it } from 'vitest'
import { ProfileConfigError } from '../errors.js'
import { parseProfileFile } from './parse-profile-file.js'
import { createProfileSet, mergeProfileFile } from './profile-set.js'
import { stsSettings } from './sts-settings.js'

function settings(config: string, env: Record<string, string> = {}, options: { region?: string; endpoint?: string } = {}) {
  const profiles = mergeProfileFile(createProfileSet(), parseProfileFile(config, '/c'), 'config', '/c')
  return stsSettings({ env, profiles, profile: profiles.profiles.get('default'), ...options })
}

describe('stsSettings', () => {
  it('picks the region: code, AWS_REGION, profile, AWS_DEFAULT_REGION, us-east-1', () => {
    const config = '[default]\nregion = eu-west-1\n'
    expect(settings(config, { AWS_REGION: 'eu-north-1' }, { region: 'ap-south-1' }).region).toBe('ap-south-1')
    expect(settings(config, { AWS_REGION: 'eu-north-1', AWS_DEFAULT_REGION: 'x' }).region).toBe('eu-north-1')
    expect(settings(config, { AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe('eu-west-1')
    expect(settings('[default]\n', { AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe('us-west-2')
    expect(settings('[default]\n')).toEqual({ region: 'us-east-1' })
  })

  it('picks the endpoint in the order of the service-specific endpoints feature', () => {
    const config =
      '[default]\nservices = s\nendpoint_url = http://global.local\n[services s]\nsts =\n  endpoint_url = http://services.local\ns3 =\n  endpoint_url = http://s3.local\n'
    const env = { AWS_ENDPOINT_URL_STS: 'http://sts-env.local', AWS_ENDPOINT_URL: 'http://env.local' }
    expect(settings(config, env, { endpoint: 'http://code.local' }).endpoint).toBe('http://code.local')
    expect(settings(config, env).endpoint).toBe('http://sts-env.local')
    expect(settings(config, { AWS_ENDPOINT_URL: 'http://env.local' }).endpoint).toBe('http://env.local')
    expect(settings(config).endpoint).toBe('http://services.local')
    expect(settings('[default]\nendpoint_url = http://global.local\n').endpoint).toBe('http://global.local')
    expect(settings(config, { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }).endpoint).toBeUndefined()
    expect(settings(`${config.replace('[services', 'ignore_configured_endpoint_urls = true\n[services')}`).endpoint).toBeUndefined()
  })

  it('sts_regional_endpoints = legacy sends legacy regions to the global endpoint only', () => {
    expect(settings('[default]\nsts_regional_endpoints = legacy\nregion = eu-west-1\n')).toEqual({
      region: 'us-east-1',
      endpoint: 'https://sts.amazonaws.com/',
    })
    expect(settings('[default]\nsts_regional_endpoints = legacy\nregion = af-south-1\n')).toEqual({ region: 'af-south-1' })
    expect(settings('[default]\nsts_regional_endpoints = legacy\nregion = eu-west-1\n', { AWS_STS_REGIONAL_ENDPOINTS: 'regional' })).toEqual({
      region: 'eu-west-1',
    })
    expect(settings('[default]\nregion = eu-west-1\n', { AWS_STS_REGIONAL_ENDPOINTS: 'legacy' }).endpoint).toBe('https://sts.amazonaws.com/')
    expect(() => settings('[default]\nsts_regional_endpoints = global\n')).toThrow(ProfileConfigError)
    expect(() => settings('[default]\nsts_regional_endpoints = global\n')).toThrow(
      'sts_regional_endpoints in profile \'default\' (/c, line 2) must be "regional" or "legacy", not "global"',
    )
  })
})
