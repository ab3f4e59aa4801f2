/**
 * Edits a case (route cases/:id/edit, optionally ?step=journey) in the same stepped form:
 * a new version of the record and an 'edited' event naming the sections that changed.
 * The edit keeps its own draft, apart from a new registration's.
 */
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router'
import { useDb, useSession } from '@/components/app-context'
import { siteDay } from '@/components/dates'
import { useDraft } from '@/components/use-draft'
import { useMySites, useSites } from '@/components/use-records'
import { loadCaseFile, type CaseFile } from '@/data/case-file'
import type { Registration } from '@/shared/schemas/registration'
import { parseRegistrationDraft, type RegistrationDraft } from './registration-draft'
import { isStep } from './registration-steps'
import type { RegistrationBase } from './registration-validation'
import { editDraftKey, registrationToValues } from './registration-values'
import { RegistrationWizard } from './registration-wizard'
import { editCase } from './save-case'

export function RegistrationEdit() {
  const { t } = useTranslation()
  const db = useDb()
  const { id = '' } = useParams()
  const [file, setFile] = useState<CaseFile | null | undefined>(undefined)

  useEffect(() => {
    let cancelled = false
    loadCaseFile(db, id)
      .then((found) => !cancelled && setFile(found))
      .catch(() => !cancelled && setFile(null))
    return () => {
      cancelled = true
    }
  }, [db, id])

  if (file === undefined) return <p role="status">{t('app.loading')}</p>
  if (file === null) {
    return (
      <section>
        <h1>{t('registration.editTitle')}</h1>
        <p>{t('registration.caseNotHere')}</p>
        <Link to="/cases" className="standalone-link">
          {t('home.cases')}
        </Link>
      </section>
    )
  }
  // the days of the case's work bound how late its registration day may move
  const workDays = [...file.assistance.map((a) => a.data.providedOn), ...file.referrals.map((r) => r.data.sentOn)]
  return <EditCase key={file.registration.id} record={file.registration.data} workDays={workDays} />
}

function EditCase({ record, workDays }: { record: Registration; workDays: readonly string[] }) {
  const { t } = useTranslation()
  const db = useDb()
  const { user } = useSession()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const mySites = useMySites('transit_centre')
  const allSites = useSites()
  const [round, setRound] = useState(0)
  const original = useMemo(() => registrationToValues(record, siteDay()), [record])
  const draft = useDraft<RegistrationDraft>(
    editDraftKey(record.id),
    () => ({ values: original, step: 'consent' }),
    parseRegistrationDraft,
  )
  const base = useMemo<RegistrationBase>(
    () => ({
      id: record.id,
      createdAt: record.createdAt,
      registeredBy: record.registeredBy,
      caseNumber: record.caseNumber,
      caseStatus: record.caseStatus,
      closureReason: record.closureReason,
      closureDetail: record.closureDetail,
      possibleDuplicateOf: record.consentProcessing ? record.possibleDuplicateOf : undefined,
      estimatedDateOfBirth: record.consentProcessing && record.dateOfBirthEstimated ? record.dateOfBirth : undefined,
      storedDays: {
        registeredOn: record.registeredOn,
        travelReadyOn: record.consentProcessing ? record.avrr?.travelReadyOn : undefined,
        workDays,
      },
    }),
    [record, workDays],
  )
  const requested = params.get('step')

  if (!draft.loaded || !mySites || !allSites) return <p role="status">{t('app.loading')}</p>
  // the case's own centre stays choosable even when it is not one of the user's
  const own = allSites.find((s) => s.code === record.siteCode)
  const sites = own && !mySites.some((s) => s.code === own.code) ? [own, ...mySites] : mySites

  async function save(data: Registration) {
    const changed = await editCase(db, record, data, user.id)
    await draft.clear()
    // nothing changed: nothing saved, and nothing said to be
    void navigate(`/cases/${record.id}`, changed.length > 0 ? { state: { saved: 'registration' } } : undefined)
  }

  return (
    <RegistrationWizard
      key={round}
      title={t('registration.editTitle')}
      draft={draft}
      startStep={round === 0 && isStep(requested) ? requested : undefined}
      base={base}
      original={original}
      sites={sites}
      consentLocked={record.consentProcessing}
      onSave={save}
      onDiscarded={() => setRound((r) => r + 1)}
      discardLabel={t('registration.discardChanges')}
    />
  )
}
