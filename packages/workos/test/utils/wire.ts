/** A user as the API sends it: the smallest body every user schema accepts. */
export const userWire = {
  object: "user",
  id: "user_01",
  email: "ann@example.com",
  email_verified: true,
  first_name: null,
  last_name: null,
  profile_picture_url: null,
  last_sign_in_at: null,
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-01T00:00:00.000Z"
} as const
