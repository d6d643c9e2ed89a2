import { EmulatorConfigError } from './errors.js'

export interface CliArguments {
  readonly help: boolean
  readonly configFile: string | undefined
  readonly port: number | undefined
  readonly host: string | undefined
  readonly json: boolean
}

export const usage = `Usage: credkit-emulator [options]

Starts local STS, IMDS, ECS/EKS container credentials and an OIDC issuer on loopback, then
prints the environment variables that point AWS SDKs and credkit at it. Stop with Ctrl-C.

Options:
  --config <file>  JSON configuration (users, roles, trust, imds, container, oidc, faults)
  --port <number>  port to listen on (default: any free port)
  --host <address> loopback address to listen on (default: 127.0.0.1)
  --json           print the environment as one JSON object instead of export lines
  --help           show this help

From a shell:  credkit-emulator > emulator.env &  then, once it prints "listening",  . ./emulator.env`

/** Parses argv (without node and the script); throws EmulatorConfigError on anything unknown. */
export function parseCliArguments(argv: readonly string[]): CliArguments {
  let help = false
  let json = false
  let configFile: string | undefined
  let port: number | undefined
  let host: string | undefined
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index]!
    const [flag, inline] = argument.startsWith('--') && argument.includes('=') ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)] : [argument, undefined]
    const value = () => {
      const next = inline ?? argv[++index]
      if (next === undefined || next === '') throw new EmulatorConfigError(`${flag} needs a value`)
      return next
    }
    switch (flag) {
      case '--help':
      case '-h':
        help = true
        break
      case '--json':
        json = true
        break
      case '--config':
        configFile = value()
        break
      case '--host':
        host = value()
        break
      case '--port': {
        const text = value()
        if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new EmulatorConfigError(`--port must be a number from 0 to 65535, got ${JSON.stringify(text)}`)
        port = Number(text)
        break
      }
      default:
        throw new EmulatorConfigError(`unknown argument ${JSON.stringify(argument)} (see --help)`)
    }
  }
  return { help, configFile, port, host, json }
}
