/**
 * The OpenAPI document built from the route definitions alone, with no database: the app is wired
 * on inert dependencies that fail if anything calls them, which nothing does while routes register.
 * @module
 */
import { type AppDeps, createApp } from "./app.js";
import { openApiDocument } from "./openapi-document.js";

/** A stand-in for any service: reading a property gives another stand-in, calling one throws. */
function inert(name: string): unknown {
  const fail = () => {
    throw new Error(
      `${name} was used while building the API document; routes must not call services as they register`,
    );
  };
  return new Proxy(fail, { get: (_target, property) => inert(`${name}.${String(property)}`) });
}

/** The document a server of this `version` serves at /openapi.json. */
export function contractDocument(version: string) {
  const known: Record<string, unknown> = { version, webRoot: "" };
  const deps = new Proxy(known, {
    get: (target, property) =>
      typeof property === "string" && property in target
        ? target[property]
        : inert(`deps.${String(property)}`),
  }) as unknown as AppDeps;
  return openApiDocument(createApp(deps), version);
}
