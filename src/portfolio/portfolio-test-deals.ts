/**
 * Deals for tests and benches: drafts read as the API would read them, turned into deals of one
 * tenant.
 * @module
 */
import type { Deal } from "./deal.js";
import { type DealInput, readDealInput } from "./deal-input.js";

/** `inputs` as stored deals of tenant `tnt_test`, or a thrown error naming the first bad field. */
export function dealsOf(inputs: readonly DealInput[], leaseIds: Record<string, string> = {}): Deal[] {
  return inputs.map((input, i) => {
    const { draft, issues } = readDealInput(input, `deals[${i}]`);
    if (!draft) throw new Error(issues.map((x) => x.message).join("; "));
    const { leaseRef, ...terms } = draft;
    return {
      ...terms,
      leaseId: leaseRef === null ? null : (leaseIds[leaseRef] ?? leaseRef),
      id: `deal_${i}`,
      tenantId: "tnt_test",
      createdAt: "2026-01-01T00:00:00.000Z",
    };
  });
}
