/**
 * How kept work is sealed at rest (lost-site-work.ts, moved-case-work.ts): a refused
 * mutation as its author sent it, sealed to the server's active key with the construction
 * of sealed batches (sync-protocol-sealed.md), so that only the server's private key opens
 * it (and with RELAIS_KEY_SECRET that key is itself encrypted at rest). Its personal free
 * text is sealed apart, under its own additional data, so that a withdrawal of consent can
 * erase it alone, and the case it is about stays in clear to find it by (kept-work-text.ts).
 * Nothing opened here is logged.
 */
import { utf8, type Bytes } from '../../shared/crypto/encoding'
import { openJson, sealJson } from '../../shared/crypto/sealed-batch'
import { keptMutationSchema, type Mutation } from '../../shared/schemas/sync'
import type { Db } from '../db/open'
import { keptWorkCase, splitKeptText, withKeptText } from './kept-work-text'
import type { ServerKeyring } from './server-keys'

const mutationAad = (mutationId: string) => utf8(`relais-lost-site.${mutationId}`)
const textAad = (mutationId: string) => utf8(`relais-kept-text.${mutationId}`)

export interface ServerKey {
  kid: string
  publicJwk: JsonWebKey
}

/** The active server key, to seal kept work to (the server makes one at start). */
export async function activeServerKey(db: Db): Promise<ServerKey | undefined> {
  const key = await db
    .selectFrom('server_keys')
    .select(['kid', 'public_jwk'])
    .where('active', '=', 1)
    .orderBy('created_at', 'desc')
    .executeTakeFirst()
  return key && { kid: key.kid, publicJwk: JSON.parse(key.public_jwk) as JsonWebKey }
}

/** The mutation sealed to `key`, as stored (JSON of the v1 sealed form). */
async function sealMutation(key: ServerKey, mutation: Mutation): Promise<string> {
  const json = utf8(JSON.stringify(mutation))
  return JSON.stringify(await sealJson(key.publicJwk, key.kid, mutationAad(mutation.mutationId), json))
}

/** Kept work's free text sealed to `key`, as stored. */
async function sealText(key: ServerKey, mutationId: string, text: Record<string, string>): Promise<string> {
  const json = utf8(JSON.stringify(text))
  return JSON.stringify(await sealJson(key.publicJwk, key.kid, textAad(mutationId), json))
}

/** What `lost_site_work` holds of a kept mutation, whatever kept it. */
export interface KeptContent {
  mutation_id: string
  kid: string
  /** The mutation, its free text blank. */
  sealed: string
  /** Its free text, sealed apart; null when it had none. */
  sealed_text: string | null
  /** The case it is about, in clear, for a withdrawal of consent to find it; null when it is no case's. */
  about_case_id: string | null
}

/** A refused mutation as it is kept, sealed to `key`: the one form of all kept work. */
export async function sealKeptWork(key: ServerKey, sent: Mutation): Promise<KeptContent> {
  const { mutation, text } = splitKeptText(sent)
  return {
    mutation_id: mutation.mutationId,
    kid: key.kid,
    sealed: await sealMutation(key, mutation),
    sealed_text: text && (await sealText(key, mutation.mutationId, text)),
    about_case_id: keptWorkCase(mutation),
  }
}

async function open(keys: ServerKeyring, kid: string, sealed: string, aad: Bytes): Promise<unknown> {
  const privateJwk = await keys.privateJwk(kid)
  if (!privateJwk) return undefined
  try {
    return await openJson({ privateJwk, sealed: JSON.parse(sealed), aad })
  } catch {
    return undefined
  }
}

/** Opens kept work: the mutation as its author sent it, or undefined when it does not open or read. */
export async function openWork(
  keys: ServerKeyring,
  work: { kid: string; sealed: string; mutationId: string },
): Promise<Mutation | undefined> {
  const opened = await open(keys, work.kid, work.sealed, mutationAad(work.mutationId))
  const mutation = keptMutationSchema.safeParse(opened)
  return mutation.success && mutation.data.mutationId === work.mutationId ? mutation.data : undefined
}

/** Opens kept work's free text: its fields' values, or undefined when it does not open or read. */
async function openText(
  keys: ServerKeyring,
  work: { kid: string; sealedText: string; mutationId: string },
): Promise<Record<string, string> | undefined> {
  const opened = await open(keys, work.kid, work.sealedText, textAad(work.mutationId))
  if (opened === null || typeof opened !== 'object' || Array.isArray(opened)) return undefined
  return Object.fromEntries(
    Object.entries(opened).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  )
}

/**
 * Kept work as its author sent it, to apply: its free text back, unless a withdrawal of
 * consent erased it (then blank, as the withdrawal left the case's records). Undefined
 * when the work or its text does not open or read.
 */
export async function openKeptWork(
  keys: ServerKeyring,
  work: { kid: string; sealed: string; sealedText: string | null; mutationId: string },
): Promise<Mutation | undefined> {
  const mutation = await openWork(keys, work)
  if (!mutation || work.sealedText === null) return mutation
  const text = await openText(keys, { ...work, sealedText: work.sealedText })
  return text && withKeptText(mutation, text)
}
