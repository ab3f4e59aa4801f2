/**
 * Saving a case-file form: what to save, then what to do once saved. A full phone or a
 * record the rules refuse becomes the form's problem, and every typed value stays on
 * screen; `refused` may first turn an error into a message at a field.
 */
import { useCallback, useState } from 'react'
import { isQuotaError } from '@/data/storage-errors'

export function useCaseSave<T>(
  save: (values: T) => Promise<unknown>,
  onSaved: () => void,
  refused?: (error: unknown) => boolean,
): { problem: string | null; run(values: T): Promise<void> } {
  const [problem, setProblem] = useState<string | null>(null)
  const run = useCallback(
    async (values: T) => {
      setProblem(null)
      try {
        await save(values)
        onSaved()
      } catch (error) {
        if (refused?.(error)) return
        setProblem(isQuotaError(error) ? 'form.storageFull' : 'form.invalid')
      }
    },
    [save, onSaved, refused],
  )
  return { problem, run }
}
