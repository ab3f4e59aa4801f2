/**
 * Record ids and mutation ids are UUIDv7, made on the device (sync-protocol.md, Identity),
 * always in lowercase: the canonical form (RFC 9562), the only one a push takes for a new
 * id (push-values.ts).
 */
import { v7 } from 'uuid'

export function newId(): string {
  return v7().toLowerCase()
}
