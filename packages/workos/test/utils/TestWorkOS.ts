/**
 * The SDK's tests run against the emulator (`effect-workos-emulator`). This helper keeps
 * them short: seed users, read the requests the SDK sent, script faults, and build the
 * layer with the SDK's default retry policy (the emulator's own layer turns retries off).
 */
import * as HttpClient from "@effect/platform/HttpClient"
import { Emulator } from "effect-workos-emulator"
import * as Layer from "effect/Layer"
import * as WorkOSConfig from "../../src/WorkOSConfig.js"

export const apiKey = "sk_test_sdk_secret_key_123"
export const baseUrl = "https://api.workos.test"

export interface SentRequest {
  readonly method: string
  /** As sent, percent-encoded. */
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Headers
  readonly body: string
}

/** Seed fields in the SDK tests' vocabulary; `organization_id` becomes a membership. */
export interface SeedFields {
  readonly email?: string
  readonly first_name?: string
  readonly external_id?: string
  readonly metadata?: Record<string, string>
  readonly organization_id?: string
  readonly identities?: ReadonlyArray<{ readonly idpId: string; readonly provider: string }>
}

export class TestWorkOS {
  readonly emulator: Emulator.EmulatorInstance = Emulator.makeAt({ apiKey, clientId: "client_test", baseUrl }, 0)
  private next = 1
  private readonly organizations = new Set<string>()

  /** Every request the emulator received, including stalled and dropped ones. */
  get requests(): ReadonlyArray<SentRequest> {
    return this.emulator.requests.map((r) => ({ ...r, headers: new Headers(r.headers) }))
  }

  /** Create users and return them as the API would (wire JSON). */
  seedUsers(
    count: number,
    make: (i: number) => SeedFields = () => ({})
  ): Array<Record<string, unknown> & { id: string }> {
    return Array.from({ length: count }, (_, i) => {
      const fields = make(i)
      const organization = fields.organization_id
      if (organization !== undefined && !this.organizations.has(organization)) {
        this.emulator.createOrganization({ id: organization, name: organization }, 0)
        this.organizations.add(organization)
      }
      const id = this.emulator.createUser({
        email: fields.email ?? `user${this.next++}@example.com`,
        firstName: fields.first_name,
        externalId: fields.external_id,
        metadata: fields.metadata,
        identities: fields.identities,
        emailVerified: false,
        memberships: organization === undefined ? [] : [{ organization }]
      }, 0)
      return this.emulator.userJson(id)! as Record<string, unknown> & { id: string }
    })
  }

  failNext(fault: Emulator.Fault): void {
    this.emulator.failNext(fault)
  }
}

/** The emulator as the SDK's `HttpClient`, in process, with a `WorkOSConfig` for it. */
export const layer = (test: TestWorkOS, options: WorkOSConfig.Options = {}) =>
  Layer.mergeAll(
    WorkOSConfig.layer({ apiKey, clientId: "client_test", baseUrl, ...options }),
    Layer.succeed(HttpClient.HttpClient, Emulator.httpClient(test.emulator))
  )
