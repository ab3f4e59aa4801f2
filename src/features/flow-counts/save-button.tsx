/**
 * The tally's Save button while a save runs. A quick save (most of them) changes nothing
 * on screen: a button greyed for a few tens of milliseconds would only flicker, and
 * drawing it would hold up the save itself (the editor ignores a second tap meanwhile).
 * A save that takes long enough to be noticed disables it and says "Saving…". The button
 * keeps that state itself (`setSaving` through its ref), so that a slow save draws this
 * button again, not the whole form.
 *
 * It is a plain button, not a submit button (enter-in-field.ts says why): the form saves on
 * Enter in a field itself.
 */
import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react'
import { useTranslation } from 'react-i18next'

/** A save that takes this long is said to be under way. */
const SAY_SAVING_AFTER_MS = 300

export interface SaveButtonHandle {
  setSaving(saving: boolean): void
}

interface SaveButtonProps {
  label: string
  ref: Ref<SaveButtonHandle>
  onSave(): void
}

export function SaveButton({ label, ref, onSave }: SaveButtonProps) {
  const { t } = useTranslation()
  const [slow, setSlow] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useImperativeHandle(
    ref,
    () => ({
      setSaving(saving: boolean) {
        clearTimeout(timer.current)
        // (setting the state it has draws nothing)
        if (saving) timer.current = setTimeout(() => setSlow(true), SAY_SAVING_AFTER_MS)
        else setSlow(false)
      },
    }),
    [],
  )
  useEffect(() => () => clearTimeout(timer.current), [])
  return (
    <button type="button" className="primary" onClick={onSave} disabled={slow} aria-busy={slow || undefined}>
      {slow ? t('form.saving') : label}
    </button>
  )
}
