/**
 * Table types for Kysely. Portable between SQLite and PostgreSQL: times are ISO-8601
 * text (they sort as text), booleans are 0/1 integers, JSON is text.
 */
import type { Generated } from 'kysely'
import type { Role } from '../../shared/schemas/auth'
import type { Entity } from '../../shared/schemas/entities'
import type { PushStatus } from '../../shared/schemas/sync'

export type RevokeMode = 'wipe_after_upload' | 'block'

export interface UsersTable {
  id: string
  username: string
  name: string
  role: Role
  /** `scrypt$N$r$p$salt$hash` (password.ts). */
  password_hash: string
  active: number
  created_at: string
}

export interface UserSitesTable {
  user_id: string
  site_code: string
}

export interface SitesTable {
  code: string
  name: string
  kind: 'transit_centre' | 'fmp' | 'info_point'
  adm1: string
  lat: number | null
  lon: number | null
  active: number
}

export interface TokensTable {
  /** sha256 of the token: a stolen database yields no usable token. */
  token_hash: string
  user_id: string
  device_id: string
  created_at: string
  expires_at: string
  /** `full`: the sign-in token; `push`: valid for POST /api/v1/sync/push alone. */
  kind: Generated<TokenKind>
}

export type TokenKind = 'full' | 'push'

/** Server ECDH key pairs for sealed batches; never deleted (store/server-keys.ts). */
export interface ServerKeysTable {
  kid: string
  public_jwk: string
  /** The private JWK as JSON, or, when `wrapped` is 1, its AES-GCM encryption under RELAIS_KEY_SECRET. */
  private_jwk: string
  wrapped: number
  created_at: string
  active: number
}

/** Who did what, for admins (store/audit.ts). Never holds migrants' personal data. */
export interface AuditLogTable {
  id: string
  at: string
  actor_user_id: string | null
  device_id: string | null
  action: string
  target: string | null
  /** JSON. */
  details: string | null
}

/** Sync state per device and user (sync-protocol.md, rule 6). */
export interface DevicesTable {
  device_id: string
  user_id: string
  first_seen_at: string
  last_push_at: string | null
  last_pull_at: string | null
  pending: number | null
  last_error: string | null
  last_error_at: string | null
  app_version: string | null
  /** what the user called this phone at sign-in, if anything */
  device_name: string | null
  /** records needing attention on the phone, after the last push's answer (null: the app does not say) */
  attention: number | null
  /** when the oldest change still waiting on the phone was saved (null: none, or not said) */
  oldest_unsent_at: string | null
}

/** A revoked (device, user) pair: other users of the same device id are not touched. */
export interface DeviceRevocationsTable {
  device_id: string
  user_id: string
  mode: RevokeMode
  revoked_at: string
  revoked_by: string
}

/** A slot an attempt holds against a sign-in limit (auth/rate-limit.ts): one per username and per address. */
export interface SignInAttemptsTable {
  id: string
  attempt_id: string
  kind: SignInKeyKind
  /** The username lower-cased, or the client address. */
  value: string
  at: string
}

export type SignInKeyKind = 'username' | 'address'

/** The latest version of each record; `seq` orders changes for pull. */
export interface RecordsTable {
  id: string
  entity: Entity
  site_code: string
  rev: number
  deleted: number
  data: string | null
  seq: number
  device_id: string
  user_id: string
  updated_at: string
}

/** Every accepted version, append-only: the history rule 5 merges against. */
export interface RecordVersionsTable {
  record_id: string
  rev: number
  entity: Entity
  deleted: number
  data: string | null
  device_id: string
  user_id: string
  mutation_id: string
  server_time: string
}

/** Every mutation ever answered, with its first answer (rule 1). */
export interface MutationsTable {
  mutation_id: string
  record_id: string
  status: PushStatus
  rev: number | null
  device_id: string
  user_id: string
  answered_at: string
}

/** Incoming versions kept aside for a supervisor (rule 5). */
export interface ConflictsTable {
  id: string
  entity: Entity
  record_id: string
  mutation_id: string
  op: 'upsert' | 'delete'
  base_rev: number
  current_rev: number
  data: string | null
  changed_fields: string | null
  device_id: string
  user_id: string
  created_at: string
  status: Generated<'open' | 'resolved'>
  /** The device's clock when the change was made (`at`), when it said. */
  device_at: string | null
  resolution: 'server' | 'incoming' | 'merged' | null
  resolved_by: string | null
  resolved_at: string | null
  /** The record's rev after the resolution. */
  resolved_rev: number | null
}

/** Records that no longer parsed when the server re-validated them (store/heal-records.ts); never their content. */
export interface QuarantinedRecordsTable {
  id: string
  record_id: string
  entity: Entity
  site_code: string
  rev: number
  device_id: string
  user_id: string
  /** JSON: `[{ path, code }]`. */
  errors: string
  found_at: string
}

/** A mutation a push answered `rejected`, for supervisors (store/rejections.ts); never its data. */
export interface RejectionsTable {
  id: string
  mutation_id: string
  record_id: string
  entity: Entity
  site_code: string | null
  device_id: string
  user_id: string
  /** JSON: `[{ path, code }]`. */
  errors: string
  rejected_at: string
  /** Set when the same device and user got the record accepted, or discarded their change. */
  closed_at: string | null
  closed_how: 'accepted' | 'discarded' | null
}

/** A site an admin took away from a user, and when last (migration 0015, store/lost-site-work.ts). */
export interface UserLostSitesTable {
  user_id: string
  site_code: string
  until: string
}

/** A refused mutation sent to a site its author had lost, sealed to the server's key `kid`, until a supervisor decides. */
export interface LostSiteWorkTable {
  rejection_id: string
  mutation_id: string
  kid: string
  /** JSON: the v1 sealed form of sealed-batch.ts */
  sealed: string
  kept_at: string
  /** The case of work kept because that case moved away from its author (store/moved-case-work.ts): the work is at the case's site. */
  case_id: string | null
  /** Its free text, sealed apart (JSON, as `sealed`); null when it had none, or a withdrawal of consent erased it. */
  sealed_text: string | null
  /** The case the work is about (a registration id), in clear, for a withdrawal of consent to find it (migration 0022). */
  about_case_id: string | null
}

/** The short code of a (device, user) sign-in, the middle of its case numbers (store/case-codes.ts). */
export interface CaseCodesTable {
  device_id: string
  user_id: string
  code: string
  created_at: string
}

/** Which registration holds a case number: one number per registration, one registration per number. */
export interface CaseNumbersTable {
  record_id: string
  case_number: string
}

/**
 * A record that left a site (a transfer): users of `from_site` who do not cover
 * `to_site` pull it as deleted. `seq` comes from the change sequence (records.seq).
 */
export interface RecordDeparturesTable {
  seq: number
  record_id: string
  entity: Entity
  /** The record's rev at the new site. */
  rev: number
  from_site: string
  to_site: string
  at: string
}

/** A merge of two registrations by a supervisor (store/duplicates.ts); undone when `undone_at` is set. */
export interface MergesTable {
  id: string
  site_code: string
  /** the survivor */
  keep_id: string
  /** the case merged into it (its registration gets `mergedInto`) */
  merge_id: string
  merged_by: string
  merged_at: string
  /** JSON: the survivor's fields the merge changed, with their values before it */
  keep_before: string
  undone_by: string | null
  undone_at: string | null
}

/** Every record a merge touched: their whole history is kept (retention.ts). */
export interface MergeRecordsTable {
  merge_row: string
  record_id: string
  role: 'keep' | 'merged' | 'moved' | 'event'
}

/** Two registrations a supervisor marked "not the same person" (`a_id` < `b_id`). */
export interface DistinctPairsTable {
  a_id: string
  b_id: string
  marked_by: string
  marked_at: string
}

/** The daily flow figures by (Niamey day, site, direction), kept summed (migration 0014, stats/flow-rollup.ts). */
export interface FlowRollupTable {
  day: string
  site_code: string
  direction: string
  tallies: number
  men: number
  women: number
  boys: number
  girls: number
  total: number
  unaccompanied_children: number
  children_under_5: number
  elderly: number
  pregnant_women: number
  with_disability: number
}

/** The daily flow figures by transport (migration 0014). */
export interface FlowRollupTransportTable {
  day: string
  site_code: string
  direction: string
  transport: string
  tallies: number
  total: number
}

/** The daily flow figures by nationality (migration 0014). */
export interface FlowRollupNationalityTable {
  day: string
  site_code: string
  direction: string
  country: string
  count: number
}

/** What the person-level figures read of each live registration, assistance and referral (migration 0014, stats/stats-facts.ts). */
export interface StatsFactsTable {
  /** The record's id. */
  id: string
  entity: Entity
  site_code: string
  /** registeredOn, providedOn or sentOn. */
  day: string
  /** nationality, assistance type or referral status. */
  label: string
  vulnerable: number
  case_status: string | null
  under_avrr: number
  status_on: string | null
}

/**
 * One row per vulnerability flag of each registration the person-level figures count
 * (migration 0025, stats/vulnerability-facts.ts): how many registered people had each flag.
 */
export interface StatsVulnerabilitiesTable {
  /** The registration's id. */
  id: string
  site_code: string
  /** registeredOn. */
  day: string
  /** A code of VULNERABILITIES (schemas/codes.ts). */
  vulnerability: string
}

export interface Database {
  users: UsersTable
  user_sites: UserSitesTable
  sites: SitesTable
  tokens: TokensTable
  devices: DevicesTable
  device_revocations: DeviceRevocationsTable
  records: RecordsTable
  record_versions: RecordVersionsTable
  mutations: MutationsTable
  conflicts: ConflictsTable
  server_keys: ServerKeysTable
  audit_log: AuditLogTable
  quarantined_records: QuarantinedRecordsTable
  rejections: RejectionsTable
  user_lost_sites: UserLostSitesTable
  lost_site_work: LostSiteWorkTable
  sign_in_attempts: SignInAttemptsTable
  case_codes: CaseCodesTable
  case_numbers: CaseNumbersTable
  record_departures: RecordDeparturesTable
  merges: MergesTable
  merge_records: MergeRecordsTable
  distinct_pairs: DistinctPairsTable
  flow_rollup: FlowRollupTable
  flow_rollup_transport: FlowRollupTransportTable
  flow_rollup_nationality: FlowRollupNationalityTable
  stats_facts: StatsFactsTable
  stats_vulnerabilities: StatsVulnerabilitiesTable
}
