import assert from "node:assert/strict";
import { AbortedError } from "../../../provider/core/errors";
import type { TemporaryKeys } from "../../../provider/dcs/iamFederation";
import { RenewingCredentials, renewalDue, renewalMarginMs } from "../../../provider/dcs/renewingCredentials";
import { VirtualClock } from "../../support/virtualClock";

const MIN = 60_000;

/** An IAM stand-in: each call issues keys valid for `lifetimeMs` from the clock's now, numbered. */
function issuer(clock: VirtualClock, lifetimeMs: number) {
  const state = { calls: 0, fail: undefined as Error | undefined, gate: undefined as Promise<void> | undefined };
  const renew = async (): Promise<TemporaryKeys> => {
    state.calls++;
    const n = state.calls;
    if (state.gate !== undefined) await state.gate;
    if (state.fail !== undefined) throw state.fail;
    return { accessKey: `AK${n}`, secretKey: `sk-${n}`, securityToken: `st-${n}`, expiresAt: clock.now() + lifetimeMs };
  };
  return { state, renew };
}

describe("renewing temporary credentials", () => {
  it("renews 6-hour keys once 40 minutes remain, as Huawei's SDK does, and short-lived keys with a quarter of their life left", () => {
    assert.equal(renewalMarginMs(6 * 60 * MIN), 40 * MIN);
    assert.equal(renewalMarginMs(15 * MIN), 3.75 * MIN);
    assert.equal(renewalMarginMs(4_000), 1_000);
    const held = { issuedAt: 0, expiresAt: 6 * 60 * MIN };
    assert.equal(renewalDue(5 * 60 * MIN + 19 * MIN, held), false, "41 minutes left");
    assert.equal(renewalDue(5 * 60 * MIN + 20 * MIN, held), true, "40 minutes left");
    assert.equal(renewalDue(0, undefined), true, "nothing held yet");
  });

  it("asks IAM only when the keys are due, and signs with the new keys afterwards", async () => {
    const clock = new VirtualClock();
    const { state, renew } = issuer(clock, 8_000);
    const creds = new RenewingCredentials(renew, clock, "test");
    assert.equal((await creds.current()).accessKey, "AK1");
    clock.advance(5_999);
    assert.equal((await creds.current()).accessKey, "AK1", "2 s left of 8: not due (margin 2 s)");
    assert.equal(state.calls, 1);
    clock.advance(1);
    const renewed = await creds.current();
    assert.equal(renewed.accessKey, "AK2");
    assert.equal(renewed.revealSecurityToken(), "st-2");
    assert.equal(state.calls, 2);
    assert.equal(creds.renewals, 2);
  });

  it("makes one renewal for many requests due at the same moment", async () => {
    const clock = new VirtualClock();
    const { state, renew } = issuer(clock, 60_000);
    let open!: () => void;
    state.gate = new Promise<void>((r) => (open = r));
    const creds = new RenewingCredentials(renew, clock, "test");
    const waits = Array.from({ length: 50 }, () => creds.current());
    await Promise.resolve();
    open();
    const got = await Promise.all(waits);
    assert.equal(state.calls, 1);
    assert.ok(got.every((c) => c.accessKey === "AK1"));
  });

  it("lets one caller give up on a shared renewal without failing the others", async () => {
    const clock = new VirtualClock();
    const { state, renew } = issuer(clock, 60_000);
    let open!: () => void;
    state.gate = new Promise<void>((r) => (open = r));
    const creds = new RenewingCredentials(renew, clock, "test");
    const quitter = new AbortController();
    const first = creds.current(quitter.signal);
    const second = creds.current();
    quitter.abort();
    await assert.rejects(first, AbortedError);
    open();
    assert.equal((await second).accessKey, "AK1");
    assert.equal(state.calls, 1);
  });

  it("keeps valid keys when a renewal fails, pauses before asking IAM again, and fails once they have expired", async () => {
    const clock = new VirtualClock();
    const { state, renew } = issuer(clock, 40_000);
    const creds = new RenewingCredentials(renew, clock, "test");
    await creds.current();
    clock.advance(31_000); // 9 s left, margin 10 s: due
    state.fail = new Error("IAM is down");
    assert.equal((await creds.current()).accessKey, "AK1", "still valid: used");
    assert.equal(state.calls, 2);
    assert.equal((await creds.current()).accessKey, "AK1");
    assert.equal(state.calls, 2, "no new attempt within the pause (a quarter of the 9 s left)");
    clock.advance(2_250);
    await creds.current();
    assert.equal(state.calls, 3, "asked again after the pause");
    clock.advance(7_000); // expired
    await assert.rejects(creds.current(), /IAM is down/);
    state.fail = undefined;
    assert.equal((await creds.current()).accessKey, "AK5", "recovers as soon as IAM answers");
  });
});
