/**
 * Imported first by 2g-page.ts, before any schema is built. The app's CSP forbids eval:
 * zod finds that out by trying it, but the bench's bundle is run through DevTools, where
 * the try passes and a later parse then fails. Told plainly, zod validates without eval,
 * as it does in the app.
 */
import { config } from 'zod'

config({ jitless: true })
