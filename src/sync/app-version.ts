/**
 * This app's version, sent with every API call in the `X-Relais-App-Version` header
 * (docs/api.md, Forward compatibility), so that a server can ask an outdated app to
 * update (426 `app_update_required`) before it does anything with the call. Builds take
 * it from package.json (vite.config.ts); tests and `vite dev` say `dev`, which a server
 * never refuses.
 */
import { APP_VERSION_HEADER } from '@/shared/schemas/sync'

export const APP_VERSION: string = import.meta.env.VITE_APP_VERSION ?? 'dev'

/** `headers` with the app's version added (none when `version` is empty). */
export function withAppVersion(headers: Record<string, string> = {}, version = APP_VERSION): Record<string, string> {
  return version ? { ...headers, [APP_VERSION_HEADER]: version } : headers
}
