import { describe, expect, it } from "vitest";
import { contractDocument } from "../../src/server/contract-document.js";
import { ContractCheck, checkedFetch } from "./contract-check.js";

const contract = new ContractCheck(contractDocument("test"));

/** What the checker finds wrong with `body` answered to `method path` with `status`. */
function problems(method: string, path: string, status: number, body: unknown, type = "application/json") {
  const schema = contract.schemaOf(method, path, status, type);
  if (!schema) return ["(not checked)"];
  return "problem" in schema ? [schema.problem] : contract.check(schema, body);
}

const SITE = {
  id: "site_1",
  name: "memphis",
  kind: "terrestrial",
  location: "Memphis",
  pue: 1.2,
  electricityUsdPerMwh: "67.000000",
  powerSources: [{ kind: "grid", installedMw: 10, permittedMw: 10 }],
  topologyLevels: ["hall", "rack", "node"],
  createdAt: "2026-12-01T00:00:00.000Z",
  version: 1,
};

describe("checking answers against the contract", () => {
  it("passes an answer that matches its operation's schema", () => {
    expect(
      problems("GET", "/v1/sites", 200, {
        sites: [{ ...SITE, nodes: 2, gpus: 16, permittedMw: 10 }],
        nextCursor: null,
      }),
    ).toEqual([]);
  });

  it("finds a field of the wrong type and a missing one", () => {
    const { gpus: _, ...noGpus } = { ...SITE, nodes: "2", gpus: 16, permittedMw: 10 };
    expect(problems("GET", "/v1/sites", 200, { sites: [noGpus], nextCursor: null })).toEqual([
      "GET /v1/sites → 200: /sites/0 must have required property 'gpus'",
      "GET /v1/sites → 200: /sites/0/nodes must be integer",
    ]);
  });

  it("finds a field the contract does not name, also in objects it extends", () => {
    expect(
      problems("GET", "/v1/sites", 200, {
        sites: [{ ...SITE, nodes: 2, gpus: 16, permittedMw: 10, owner: "x" }],
        nextCursor: null,
      }),
    ).toEqual(["GET /v1/sites → 200: /sites/0 must NOT have additional properties (owner)"]);
  });

  it("finds a status the operation does not list, and a media type it does not answer in", () => {
    expect(problems("GET", "/v1/whoami", 404, { error: {} })[0]).toMatch(
      /^GET \/v1\/whoami → 404: the contract lists no 404 for this operation \(it lists 200, 400, 401, 403, 429\)$/,
    );
    expect(problems("GET", "/v1/whoami", 200, "hi", "text/plain")[0]).toContain('answered as "text/plain"');
  });

  it("holds an unknown route's answer to the error body", () => {
    expect(
      problems("GET", "/v1/invoices", 404, {
        error: { code: "ROUTE_NOT_FOUND", message: "x", requestId: "r" },
      }),
    ).toEqual([]);
    expect(
      problems("GET", "/v1/invoices", 404, { error: { code: "NOPE", message: "x", requestId: "r" } })[0],
    ).toContain("/error/code must be equal to one of the allowed values");
  });

  it("leaves the dashboard's and the docs' files alone, but not an error outside the API", () => {
    expect(problems("GET", "/assets/app.js", 200, "x", "text/javascript")).toEqual(["(not checked)"]);
    expect(problems("GET", "/assets/nope.js", 404, { error: { code: "NOPE" } }).join("\n")).toContain(
      "/error/code must be equal to one of the allowed values",
    );
  });

  it("reaches the literal route before the templated one", () => {
    const quote = { fits: false, best: null, sites: [], schedule: [], total: "0.00" };
    expect(problems("POST", "/v1/leases/quote", 200, quote)).toEqual([]);
  });

  it("fails a fetch whose answer drifted, and an NDJSON stream at the line that drifted", async () => {
    const drifted: string[][] = [];
    const answer = (body: string, type: string) => async () =>
      new Response(body, { status: 200, headers: { "content-type": type } });
    const onDrift = (found: string[], response: Response) => {
      drifted.push(found);
      return response;
    };
    const whoami = new Request("http://localhost/v1/whoami");
    await checkedFetch(
      contract,
      answer(JSON.stringify({ role: "operator" }), "application/json"),
      onDrift,
    )(whoami);
    expect(drifted[0]).toContain("GET /v1/whoami → 200: (body) must have required property 'keyId'");

    const lines = `${JSON.stringify({ type: "progress", phase: "validated", sites: 1, nodes: 2 })}\n{"type":"result"}\n`;
    const stream = await checkedFetch(
      contract,
      answer(lines, "application/x-ndjson"),
      onDrift,
    )(new Request("http://localhost/v1/fleet/import", { method: "POST" }));
    await expect(stream.text()).rejects.toThrow("the answer drifted from the contract");
  });
});
