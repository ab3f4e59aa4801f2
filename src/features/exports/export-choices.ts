/**
 * What the Exports screen offers: each entity's records (one row per record, personal
 * columns only when asked) and the aggregates of the Numbers API (daily FMP figures,
 * registrations per centre, and by vulnerability flag), each as CSV or XLSX, for chosen days (required for figures,
 * optional for records), and the address of each download (docs/api.md, Exports).
 */
import { ENTITIES, type Entity } from '@/shared/schemas/entities'

export const AGGREGATES = ['flows-daily', 'registrations-by-centre', 'vulnerabilities-by-centre'] as const
export type Aggregate = (typeof AGGREGATES)[number]

export type ExportChoice = { kind: 'entity'; entity: Entity } | { kind: 'aggregate'; aggregate: Aggregate }

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

/** Every choice, aggregates first (what partners ask for most), as `entity:…` / `aggregate:…` keys. */
export const EXPORT_CHOICES: readonly ExportChoice[] = [
  ...AGGREGATES.map((aggregate) => ({ kind: 'aggregate', aggregate }) as const),
  ...ENTITIES.map((entity) => ({ kind: 'entity', entity }) as const),
]

export const choiceKey = (choice: ExportChoice): string =>
  choice.kind === 'entity' ? `entity:${choice.entity}` : `aggregate:${choice.aggregate}`

export function choiceOf(key: string): ExportChoice | undefined {
  return EXPORT_CHOICES.find((choice) => choiceKey(choice) === key)
}

export interface ExportRequest {
  choice: ExportChoice
  format: ExportFormat
  /** undefined: every site the user covers (the server's default). */
  sites?: readonly string[] | undefined
  /** First and last day (YYYY-MM-DD, both included): required for aggregates; for records, empty or absent is every date. */
  from?: string
  to?: string
  /** Entity exports: add the personal columns (audited). */
  personal?: boolean
  /** The user's language, which the seed sites are named in. */
  lang?: string
}

/** The API path and query of an export. */
export function exportUrl({ choice, format, sites, from, to, personal, lang }: ExportRequest): string {
  const query = new URLSearchParams()
  let path: string
  if (choice.kind === 'entity') {
    path = `/api/v1/export/${choice.entity}.${format}`
    if (personal) query.set('personal', 'true')
  } else {
    path = `/api/v1/export/aggregate/${choice.aggregate}.${format}`
  }
  if (from) query.set('from', from)
  if (to) query.set('to', to)
  if (sites !== undefined) query.set('sites', sites.join(','))
  if (lang) query.set('lang', lang)
  const search = query.toString()
  return search ? `${path}?${search}` : path
}
