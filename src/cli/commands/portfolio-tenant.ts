/**
 * Which tenant a portfolio command acts for: `--tenant`, else the calling tenant key's own.
 * @module
 */

import { UsageError } from "../cli-errors.js";
import type { CommandContext } from "../context.js";

export async function portfolioTenantOf(ctx: CommandContext, tenant: string | undefined): Promise<string> {
  if (tenant) return tenant;
  const me = await ctx.call((api) => api.GET("/v1/whoami"));
  if (me.tenantId) return me.tenantId;
  throw new UsageError("an operator key acts for a tenant it names: add --tenant NAME");
}
