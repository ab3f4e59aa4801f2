/**
 * An assistance's provider between the form and the record: IOM, offered in the
 * interface's language ("OIM" in French), is stored under its one name (IOM_PROVIDER)
 * and shown back in the reader's language; a partner stays as typed.
 */
import { IOM_PROVIDER } from '@/shared/schemas/assistance'

const sameName = (a: string, b: string) => a.trim().localeCompare(b.trim(), undefined, { sensitivity: 'base' }) === 0

/** The provider to store for what was typed, `iomHere` being IOM's name in the interface's language. */
export function providerToStore(typed: string, iomHere: string): string {
  return sameName(typed, iomHere) || sameName(typed, IOM_PROVIDER) ? IOM_PROVIDER : typed
}

/** The provider as the reader reads it. */
export function providerToShow(stored: string, iomHere: string): string {
  return stored === IOM_PROVIDER ? iomHere : stored
}
