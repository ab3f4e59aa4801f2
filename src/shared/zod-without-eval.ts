/**
 * The app runs under a CSP without 'unsafe-eval' (security-headers.ts). Zod would probe
 * `new Function` once to decide whether to compile its parsers, and the browser reports
 * that probe as a policy violation in the console; jitless skips the probe (the parsers
 * run interpreted, as they would after a failed probe anyway). Imported first by the
 * modules that load the rest of the app after the first screen (app/services.ts,
 * app/signed-in-app.tsx) and by the pull's workers (data/pull-worker.ts), before
 * any schema parses. The server compiles its parsers: it never imports this.
 */
import { z } from 'zod'

z.config({ jitless: true })
