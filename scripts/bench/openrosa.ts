/**
 * The OpenRosa way, for comparison: each record as one XForm instance, POSTed alone as
 * multipart/form-data with an `xml_submission_file` part, the way ODK Collect and
 * KoboCollect submit (OpenRosa Form Submission API 1.0), to a loopback endpoint that
 * answers like ODK Central. Collect sends one HEAD to the submission URL per upload
 * session (to learn the accepted size), then one POST per instance; no gzip.
 */
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

const FORM_ID = 'mrrm_registration'
const FORM_VERSION = '2026112901'

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
const escapeXml = (text: string) =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c)

function element(name: string, value: unknown): string {
  const tag = snake(name)
  if (value === undefined || value === null) return `<${tag}/>`
  if (Array.isArray(value)) {
    // a select_multiple is one space-separated element; a list of groups is a repeat
    if (value.every((v) => typeof v !== 'object')) return `<${tag}>${escapeXml(value.join(' '))}</${tag}>`
    return value.map((item) => element(name, item)).join('')
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>).map(([k, v]) => element(k, v))
    return `<${tag}>${inner.join('')}</${tag}>`
  }
  if (typeof value === 'boolean') return `<${tag}>${value ? 'yes' : 'no'}</${tag}>`
  return `<${tag}>${escapeXml(String(value))}</${tag}>`
}

/** The instance XML Collect would save for this record. */
export function instanceXml(record: Record<string, unknown>, deviceId: string): string {
  const { id, createdAt, updatedAt, ...fields } = record
  return (
    `<?xml version='1.0' ?><data id="${FORM_ID}" version="${FORM_VERSION}" ` +
    `xmlns:jr="http://openrosa.org/javarosa" xmlns:orx="http://openrosa.org/xforms">` +
    `<start>${String(createdAt)}</start><end>${String(updatedAt)}</end>` +
    `<deviceid>collect:${deviceId}</deviceid>` +
    Object.entries(fields)
      .map(([k, v]) => element(k, v))
      .join('') +
    `<meta><instanceID>uuid:${String(id)}</instanceID></meta></data>`
  )
}

export function multipartSubmission(xml: string): { body: Buffer; contentType: string } {
  const boundary = `----${randomBytes(16).toString('hex')}`
  const body = Buffer.from(
    `--${boundary}\r\n` +
      'Content-Disposition: form-data; name="xml_submission_file"; filename="submission.xml"\r\n' +
      'Content-Type: text/xml; charset=utf-8\r\n\r\n' +
      `${xml}\r\n--${boundary}--\r\n`,
  )
  return { body, contentType: `multipart/form-data; boundary=${boundary}` }
}

/** A loopback submission endpoint that answers like ODK Central. */
export async function startOpenRosaEndpoint(): Promise<{
  url: URL
  received: () => number
  close: () => Promise<void>
}> {
  let received = 0
  const server = http.createServer((req, res) => {
    const headers = { 'x-openrosa-version': '1.0', 'x-openrosa-accept-content-length': '104857600' }
    if (req.method === 'HEAD') {
      res.writeHead(204, headers).end()
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const ok = Buffer.concat(chunks).includes('name="xml_submission_file"')
      if (ok) received++
      res
        .writeHead(ok ? 201 : 400, { ...headers, 'content-type': 'text/xml; charset=utf-8' })
        .end(
          '<OpenRosaResponse xmlns="http://openrosa.org/http/response" items="0">' +
            `<message nature="">${ok ? 'full submission upload was successful!' : 'no xml_submission_file'}</message>` +
            '</OpenRosaResponse>',
        )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: new URL(`http://127.0.0.1:${port}/`),
    received: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** Headers Collect sends with each request (auth as Basic, sent up front). */
export function collectHeaders(): Record<string, string> {
  return {
    'user-agent': 'org.odk.collect.android/v2025.2.3 okhttp/4.12.0',
    'x-openrosa-version': '1.0',
    date: new Date().toUTCString(),
    authorization: `Basic ${Buffer.from('enumerator.agadez:a-long-enough-password').toString('base64')}`,
    'accept-encoding': 'gzip',
  }
}
