/** Where an export download stands: bytes received (the total is not known up front), saved, cancelled, refused. */
import { useTranslation } from 'react-i18next'
import { ConnectionNeeded } from '@/components/connection-needed'
import { formatBytes } from '@/features/settings/format-bytes'
import type { ExportProblem } from './download-export'
import type { DownloadState } from './use-export-download'

const problemKey = (problem: ExportProblem) => `exports.problems.${problem.kind}`

interface ExportStatusProps {
  state: DownloadState
  onCancel(): void
  /** The same download again. */
  onRetry(): void
}

export function ExportStatus({ state, onCancel, onRetry }: ExportStatusProps) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const size = (bytes: number) => {
    const { value, unit } = formatBytes(bytes, lang)
    return `${value} ${t(`settings.units.${unit}`)}`
  }
  switch (state.status) {
    case 'idle':
      return null
    case 'running':
      return (
        <div className="export-status">
          <p role="status">
            {state.bytes === 0 ? t('exports.preparing') : t('exports.progress', { size: size(state.bytes) })}
          </p>
          <progress aria-label={t('exports.progressLabel')} />
          <button type="button" onClick={onCancel}>
            {t('exports.cancel')}
          </button>
        </div>
      )
    case 'saved':
      return (
        <p className="saved-notice" role="status">
          <span aria-hidden="true">✓ </span>
          {t('exports.saved', { name: state.filename, size: size(state.bytes) })}
        </p>
      )
    case 'cancelled':
      return (
        <p className="notice" role="status">
          {t('exports.cancelled')}
        </p>
      )
    case 'problem':
      // offline, the words of every server screen; the file is saved only when asked again, never by itself
      if (state.problem.kind === 'offline') {
        return <ConnectionNeeded onRetry={onRetry} reloads={false} what={t('exports.problems.offline')} />
      }
      return (
        <div className="admin-problem" role="alert">
          <p className="form-problem">
            <span aria-hidden="true">⚠ </span>
            {t(problemKey(state.problem))}
          </p>
        </div>
      )
  }
}
