/**
 * What the Problems API answers, for the screen's tests: a refused record, an open
 * conflict on a registration, a person of a possible duplicate. Each test names only what
 * it is about; the rest is one shape for all.
 */
import type { Conflict } from '@/shared/schemas/conflicts'
import type { DuplicatePerson } from '@/shared/schemas/duplicates'
import type { RejectedRecord } from '@/shared/schemas/rejections'

type Data = Record<string, unknown> & { id: string }

/** A registration refused at AGZ-TC, sent from Aïcha's phone. */
export function refusedRecord(over: Partial<RejectedRecord> = {}): RejectedRecord {
  return {
    id: 'rej-1',
    mutationId: '01890000-0000-7000-8000-0000000000b1',
    recordId: '01890000-0000-7000-8000-0000000000c1',
    entity: 'registration',
    siteCode: 'AGZ-TC',
    deviceId: '01890000-0000-7000-8000-0000000000d1',
    deviceName: 'Tecno Aïcha',
    user: { id: 'u-1', name: 'Aïcha Moussa' },
    errors: [{ path: ['registeredOn'], code: 'event_day' }],
    rejectedAt: '2026-12-03T09:15:00.000Z',
    ...over,
  }
}

/**
 * An open conflict on `base` at AGZ-TC: the server's version took `server`, the phone's
 * took `incoming` (its changed fields), both from rev 1.
 */
export function registrationConflict(
  base: Data,
  change: { server: Record<string, unknown>; incoming: Record<string, unknown> },
  over: Partial<Omit<Conflict, 'incoming'>> & { incoming?: Partial<Conflict['incoming']> } = {},
): Conflict {
  const { incoming, ...rest } = over
  return {
    id: 'conf-1',
    entity: 'registration',
    recordId: base.id,
    siteCode: 'AGZ-TC',
    status: 'open',
    createdAt: '2026-12-03T10:00:00.000Z',
    server: { rev: 2, deleted: false, data: { ...base, ...change.server } },
    incoming: {
      mutationId: '01890000-0000-7000-8000-0000000000b2',
      op: 'upsert',
      baseRev: 1,
      data: { ...base, ...change.incoming },
      changedFields: Object.keys(change.incoming),
      deviceId: '01890000-0000-7000-8000-0000000000d3',
      user: { id: 'u-3', username: 'ibrahim', name: 'Ibrahim Sani' },
      at: '2026-12-03T09:58:00.000Z',
      ...incoming,
    },
    resolution: null,
    ...rest,
  }
}

/** A person of a possible duplicate pair: a Burkinabè man registered at AGZ-TC. */
export function duplicatePerson(over: Partial<DuplicatePerson> = {}): DuplicatePerson {
  return {
    id: '01890000-0000-7000-8000-0000000000e1',
    caseNumber: 'AGZ-7K-0042',
    siteCode: 'AGZ-TC',
    givenName: 'Mahamadou',
    familyName: 'Ouédraogo',
    aliases: [],
    sex: 'male',
    dateOfBirth: '1990-05-01',
    dateOfBirthEstimated: false,
    nationality: 'BFA',
    registeredOn: '2026-11-20',
    consentSharing: true,
    ...over,
  }
}
