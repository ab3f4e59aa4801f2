/**
 * The tally's Save button: it waits while a save runs, and says "Saving…" when the save
 * takes long enough to be noticed. It keeps that state itself (`setSaving` through its
 * ref), so that a save starting draws this button again, not the whole form; and a quick
 * save changes no word on screen (a changed label lays the whole form out again before
 * the next tally can open).
 */
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react'
import { useTranslation } from 'react-i18next'

/** A save that takes this long is said to be under way. */
const SAY_SAVING_AFTER_MS = 300

export interface SaveButtonHandle {
  setSaving(saving: boolean): void
}

export function SaveButton({ label, ref }: { label: string; ref: Ref<SaveButtonHandle> }) {
  const { t } = useTranslation()
  const [phase, setPhase] = useState<'idle' | 'saving' | 'slow'>('idle')
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useImperativeHandle(
    ref,
    () => ({
      setSaving(saving: boolean) {
        clearTimeout(timer.current)
        setPhase(saving ? 'saving' : 'idle')
        if (saving)
          timer.current = setTimeout(() => setPhase((p) => (p === 'saving' ? 'slow' : p)), SAY_SAVING_AFTER_MS)
      },
    }),
    [],
  )
  useEffect(() => () => clearTimeout(timer.current), [])
  return (
    <button type="submit" className="primary" disabled={phase !== 'idle'} aria-busy={phase !== 'idle' || undefined}>
      {phase === 'slow' ? t('form.saving') : label}
    </button>
  )
}
