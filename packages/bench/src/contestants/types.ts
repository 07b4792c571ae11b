import type { Task } from "../spec.js"

/** What a contestant's measured part reports. */
export interface Outcome {
  readonly items: number
  readonly requests: number
  readonly failures?: number | undefined
  readonly note?: string | undefined
}

/** One contestant, set up for one task: an optional warm-up, then the measured run. */
export interface Prepared {
  readonly warmup?: (() => Promise<void>) | undefined
  /** `progress(items)` lets the harness sample memory as the run goes. */
  readonly run: (progress: (items: number) => void) => Promise<Outcome>
  readonly close?: (() => Promise<void>) | undefined
}

export type Contestant = (task: Task, variant: string) => Promise<Prepared>

/** A check repeated `n` times, after 500 unmeasured ones (scenario 5's verifications). */
export const repeated = (n: number, once: () => Promise<unknown>): Prepared => {
  const times = async (count: number) => {
    for (let i = 0; i < count; i++) await once()
  }
  return { warmup: () => times(500), run: () => times(n).then(() => ({ items: n, requests: 0 })) }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A password sign-in over plain fetch, for the contestants that only need a token. */
export const signIn = async (task: Task): Promise<string> => {
  const response = await fetch(`${task.server.url}/user_management/authenticate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      client_id: task.server.clientId,
      client_secret: task.server.apiKey,
      grant_type: "password",
      email: task.passwordUser.email,
      password: task.passwordUser.password
    })
  })
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { access_token: string }).access_token
}

/** Some user ids, for the per-call scenario. */
export const someUserIds = async (task: Task): Promise<ReadonlyArray<string>> => {
  const response = await fetch(`${task.server.url}/user_management/users?limit=100`, {
    headers: { authorization: `Bearer ${task.server.apiKey}` }
  })
  return ((await response.json()) as { data: ReadonlyArray<{ id: string }> }).data.map((u) => u.id)
}

export const unsupported = (task: Task, contestant: string): never => {
  throw new Error(`${contestant} has no run for scenario ${task.scenario}`)
}
