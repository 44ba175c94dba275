/** The Hono environment: what middleware puts on the context for handlers. */
import type { Principal } from "../access/principal.js";

export interface AppEnv {
  Variables: {
    requestId: string;
    /** Set by the auth middleware on every /v1 route. */
    principal: Principal;
  };
}
