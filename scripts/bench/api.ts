/** A JSON POST to the API, for the benches' set-up (sign-ins, users): throws on anything but 2xx. */
export async function postJson<T>(url: URL, path: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(new URL(path, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}
