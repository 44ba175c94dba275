// Before the tests: make sure the system packages the suite runs against are installed
// (PostgreSQL server binaries, redis-server, Chromium, promtool from prometheus). As root with apt-get, installs what is
// missing; otherwise prints the one command to run and stops.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
const hasPostgres = () =>
  has("initdb") ||
  (existsSync("/usr/lib/postgresql") &&
    readdirSync("/usr/lib/postgresql").some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)));

const missing = [];
if (!process.env.TEST_DATABASE_URL && process.env.LEASEHOLD_TEST_POSTGRES !== "off" && !hasPostgres())
  missing.push("postgresql");
if (!has("redis-server")) missing.push("redis-server");
if (!existsSync("/usr/bin/chromium")) missing.push("chromium");
if (!has("promtool")) missing.push("prometheus");

if (missing.length > 0) {
  const command = `apt-get install -y ${missing.join(" ")}`;
  if (process.getuid?.() === 0 && has("apt-get")) {
    process.stderr.write(`installing system packages the tests need: ${missing.join(", ")}\n`);
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", ...missing], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  } else {
    process.stderr.write(`the test suite needs: ${missing.join(", ")}\n  run as root: ${command}\n`);
    process.exit(1);
  }
}
