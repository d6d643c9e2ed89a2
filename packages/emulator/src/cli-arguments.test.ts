import { describe, expect, it } from 'vitest'
import { parseCliArguments } from './cli-arguments.js'
import { shellExports } from './shell-export.js'

describe('parseCliArguments', () => {
  it('reads flags in both --name value and --name=value forms', () => {
    expect(parseCliArguments(['--config', 'a.json', '--port=8080', '--host', '::1', '--json'])).toEqual({
      help: false, configFile: 'a.json', port: 8080, host: '::1', json: true,
    })
    expect(parseCliArguments(['-h']).help).toBe(true)
  })

  it.each([
    [['--port'], '--port needs a value'],
    [['--port', '65536'], '--port must be a number from 0 to 65535, got "65536"'],
    [['--config='], '--config needs a value'],
    [['serve'], 'unknown argument "serve" (see --help)'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArguments(argv)).toThrow(message)
  })
})

describe('shellExports', () => {
  it('single-quotes values so a shell expands nothing, even a quote', () => {
    expect(shellExports({ A: "it's $HOME `x`" })).toBe(`export A='it'\\''s $HOME \`x\`'`)
  })
})
