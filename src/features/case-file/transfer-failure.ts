/**
 * Why a confirmed transfer was not saved, as the key of the words that say it. A transfer
 * is saved all or none (transferCases), so every failure says that nothing changed and
 * what to do: free space when the phone is full, unlock when Relais locked while it was
 * being saved, else try again.
 */
import { ZodError } from 'zod'
import { LockedError } from '@/data/protect'
import { isQuotaError } from '@/data/storage-errors'

export function transferFailureKey(error: unknown): string {
  if (error instanceof ZodError) return 'form.invalid'
  if (isQuotaError(error)) return 'caseFile.transferFailed.full'
  if (error instanceof LockedError) return 'caseFile.transferFailed.locked'
  return 'caseFile.transferFailed.storage'
}
