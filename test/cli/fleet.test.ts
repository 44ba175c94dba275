import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { FleetDocumentInput } from "../../src/fleet/fleet-document.js";
import { runCli } from "../support/cli-harness.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

describe("leasehold fleet", () => {
  let server: TestServer;
  let dir: string;
  const cli = (...argv: string[]) => runCli(argv, { url: server.url, key: server.operatorKey, cwd: dir });
  const read = (file: string) => parse(readFileSync(join(dir, file), "utf8")) as FleetDocumentInput;

  beforeAll(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), "leasehold-cli-"));
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("generates a small fleet to YAML, imports it, and exports it back unchanged", async () => {
    const generated = await cli(
      ...["fleet", "generate", "--site-name", "rt-site", "--gpus", "200", "--mix", "H100=0.6,GB200=0.4"],
      ...[
        "--racks-per-block",
        "2",
        "--blocks-per-hall",
        "2",
        "--unhealthy",
        "0.2",
        "--seed",
        "7",
        "-f",
        "fleet.yaml",
      ],
    );
    expect(generated).toMatchObject({ code: 0, stderr: "" });
    expect(generated.stdout).toBe("wrote 1 site, 35 nodes, 200 GPUs to fleet.yaml\n");

    const imported = await cli("fleet", "import", "fleet.yaml");
    expect(imported.code).toBe(0);
    expect(imported.stderr).toMatch(/^imported 1 site, 35 nodes, 200 GPUs from fleet\.yaml in [\d.]+s\n$/);
    expect(imported.stdout).toMatch(/^rt-site\s+35\s+200\s+no\s+site_/m);

    expect((await cli("fleet", "export", "--site", "rt-site", "-f", "export.yaml")).code).toBe(0);
    const original = read("fleet.yaml").sites[0];
    expect(read("export.yaml").sites[0]).toEqual(original);
    expect(original?.nodes.some((n) => n.state !== "healthy")).toBe(true);

    const stdout = await cli("fleet", "export", "--site", "rt-site");
    expect(JSON.parse(stdout.stdout).sites[0]).toEqual(original);
  });

  it("refuses a file with a bad gpuCount, naming the field, and changes nothing", async () => {
    const doc = JSON.parse(
      (await cli("fleet", "generate", "--site-name", "bad-site", "--gpus", "64")).stdout,
    );
    doc.sites[0].nodes[3].gpuCount = 12;
    writeFileSync(join(dir, "bad.json"), JSON.stringify(doc));
    const before = (await cli("-o", "json", "sites", "list")).stdout;

    const { code, stdout, stderr } = await cli("fleet", "import", "bad.json");
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "error: VALIDATION_FAILED: sites[0].nodes[3].gpuCount must be <= 8 for H100 (got 12)\n" +
        "  sites[0].nodes[3].gpuCount: must be <= 8 for H100 (got 12) (<= 8)\n",
    );
    expect((await cli("-o", "json", "sites", "list")).stdout).toBe(before);
    expect((await cli("sites", "show", "bad-site")).stderr).toMatch(/^error: SITE_NOT_FOUND/);
  });

  it("reports the server's SITE_EXISTS from the stream and replaces the site with --replace", async () => {
    expect(
      (await cli("fleet", "generate", "--site-name", "twice", "--gpus", "16", "-f", "twice.json")).code,
    ).toBe(0);
    expect((await cli("fleet", "import", "twice.json")).code).toBe(0);
    const again = await cli("fleet", "import", "twice.json");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("error: SITE_EXISTS: site twice already exists");
    expect(again.stderr).toContain("  sites[0].name: site twice already exists (unique, or replace)");

    const replaced = await cli("-o", "json", "fleet", "import", "twice.json", "--replace");
    expect(replaced.code).toBe(0);
    expect(JSON.parse(replaced.stdout)).toMatchObject({
      nodes: 2,
      gpus: 16,
      sites: [{ name: "twice", replaced: true }],
    });
  });

  it("draws progress bars on a terminal instead of the summary line", async () => {
    expect(
      (await cli("fleet", "generate", "--site-name", "tty-site", "--gpus", "800", "-f", "tty.yml")).code,
    ).toBe(0);
    const result = await runCli(["fleet", "import", "tty.yml"], {
      url: server.url,
      key: server.operatorKey,
      cwd: dir,
      tty: true,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("parsing YAML");
    expect(result.stderr).toMatch(/writing\s+\[=+\] 100% \| 100\/100 nodes/);
    expect(result.stderr).not.toContain("imported 1 site");
    expect(result.stdout).toMatch(/^tty-site\s+100\s+800\s+no\s/m);
  });

  it("reports a file that is not valid YAML with its name, once, at its line and column", async () => {
    writeFileSync(join(dir, "broken.yaml"), "sites:\n  - name: a\n    nodes: [\n  bad: : x\n");
    const { code, stderr } = await cli("fleet", "import", "broken.yaml");
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: MALFORMED_JSON: broken\.yaml is not valid YAML at line 4, column 3: /);
    expect(stderr.trimEnd().split("\n")).toHaveLength(2);
    expect(stderr).toContain("  broken.yaml:4:3: ");
  });

  it("generates the same fleet for the same seed, as JSON on stdout", async () => {
    const args = [
      "fleet",
      "generate",
      "--gpus",
      "96",
      "--mix",
      "H100=0.5,H200=0.5",
      "--unhealthy",
      "0.5",
      "--seed",
      "3",
    ];
    const a = await cli(...args);
    const b = await cli(...args);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const doc = JSON.parse(a.stdout) as FleetDocumentInput;
    expect(doc.sites[0]?.nodes.map((n) => n.gpuModel)).toEqual([
      ...Array(6).fill("H100"),
      ...Array(6).fill("H200"),
    ]);
    expect(doc.sites[0]?.powerSources).toEqual([{ kind: "grid", installedMw: 10, permittedMw: 10 }]);
  });

  it("writes the Colossus preset with its 221,440 GPUs", async () => {
    const { code, stdout } = await cli("fleet", "generate", "--preset", "colossus", "-f", "colossus.json");
    expect(code).toBe(0);
    expect(stdout).toBe("wrote 1 site, 30,272 nodes, 221,440 GPUs to colossus.json\n");
  });

  it.each([
    [["--mix", "H100=0.5,H200=0.4"], "--mix fractions must sum to 1 (±0.01) (got 0.9)"],
    [["--mix", "H100=0.5,TPU=0.5"], "--mix names unknown GPU model TPU (known: H100|H200|B200|GB200)"],
    [["--gpus", "0"], "option '--gpus <n>' argument '0' is invalid"],
    [["--racks-per-block", "-1"], "option '--racks-per-block <n>' argument '-1' is invalid"],
    [["--preset", "colossus", "--gpus", "10"], "--preset colossus fixes the layout; drop --gpus"],
    [["--unhealthy", "1.5"], "--unhealthy must be between 0 and 1 (got 1.5)"],
    [["-f", "fleet.txt"], 'fleet file fleet.txt must end in .yaml, .yml or .json (got ".txt")'],
  ])("rejects generate flags %j as a usage error", async (flags, message) => {
    const { code, stdout, stderr } = await cli("fleet", "generate", ...flags);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
  });
});
