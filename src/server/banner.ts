/**
 * The start banner, printed once per start (by the cluster's primary when there are
 * workers). E2e tests and operators read it: the first line is always
 * `Relais is running at <url>`.
 */
import type { Config } from './env'
import type { FirstAdmin } from './seed/first-admin'

export function serverUrl(config: Pick<Config, 'tls' | 'host'>, port: number): string {
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  return `${config.tls ? 'https' : 'http'}://${host}:${port}/`
}

export function printBanner(
  url: string,
  firstAdmin: FirstAdmin | undefined,
  config: Pick<Config, 'tls' | 'host' | 'workers'>,
): void {
  const lines = [`Relais is running at ${url}`]
  if (config.workers > 1) lines.push(`${config.workers} server processes share the port.`)
  if (firstAdmin?.generatedPassword !== undefined) {
    lines.push(`First sign-in: username "${firstAdmin.username}", password "${firstAdmin.generatedPassword}"`)
    lines.push(
      'This password is shown only this once: write it down. After signing in, change it in the app under Réglages / Settings → Change my password',
      `or with POST /api/v1/users/${firstAdmin.id}/password { "currentPassword", "password" } (docs/api.md).`,
    )
  } else if (firstAdmin) {
    lines.push(`First sign-in: username "${firstAdmin.username}" with the password set in RELAIS_ADMIN_PASSWORD`)
  }
  if (!config.tls && config.host !== '127.0.0.1' && config.host !== 'localhost') {
    lines.push('Phones need HTTPS for the offline app: set RELAIS_TLS_CERT and RELAIS_TLS_KEY, or use a reverse proxy.')
  }
  process.stdout.write(`${lines.join('\n')}\n`)
}
