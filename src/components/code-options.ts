import { useTranslation } from 'react-i18next'
import { CODE_LISTS, codeKey, type CodeList } from '@/i18n/code-labels'
import type { Option } from './form-fields'

/** The codes of a coded list with their labels in the interface language, in list order. */
export function useCodeOptions(list: CodeList): Option[] {
  const { t } = useTranslation()
  return CODE_LISTS[list].map((code) => ({ value: code, label: t(`codes.${list}.${code}`) }))
}

/** The label of one code (the code itself if unknown to this version). */
export function useCodeLabel(): (list: CodeList, code: string) => string {
  const { t } = useTranslation()
  return (list, code) => t(codeKey(list, code as never), { defaultValue: code })
}
