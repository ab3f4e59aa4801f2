/** Record ids and mutation ids are UUIDv7, made on the device (sync-protocol.md, Identity). */
import { v7 } from 'uuid'

export function newId(): string {
  return v7()
}
