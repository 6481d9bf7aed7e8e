// Signs each demo user in once through the local identity API and saves the session.
import { test as setup, expect } from "@playwright/test";
import { USERS, stateFile, type UserKey } from "./fixtures/users";

for (const user of Object.keys(USERS) as UserKey[]) {
  setup(`sign in as ${user}`, async ({ request }) => {
    const res = await request.post("/api/local-auth/sign-in", { data: { email: USERS[user] } });
    expect(res.status()).toBe(200);
    await request.storageState({ path: stateFile(user) });
  });
}
