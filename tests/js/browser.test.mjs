// (6) The web build in a real browser: Debian's /usr/bin/chromium (never a downloaded one), driven
// by playwright-core, loading pages served by `python3 -m http.server` on 127.0.0.1. The web build's
// files come from the packed tarball installed in a temporary project (installed.mjs), exactly what
// a user deploys; the site also serves examples/browser/ at its repository path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { HERE, ROOT, VECTORS_FILE, EXPECTED_VECTOR_CASES, require } from "./helpers.mjs";
import { installedPackage } from "./installed.mjs";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, child) {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`http.server exited with ${child.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("http.server did not start");
}

test("the web build checks every vector in headless Chromium", { timeout: 120_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: scripts/setup.sh apt`);
  const site = mkdtempSync(path.join(tmpdir(), "ptm-browser-site-"));
  const profile = mkdtempSync(path.join(tmpdir(), "ptm-browser-profile-"));
  const web = path.join(installedPackage(), "web");
  cpSync(web, path.join(site, "web"), { recursive: true });
  cpSync(web, path.join(site, "wasm", "pkg", "web"), { recursive: true });
  cpSync(path.join(ROOT, "examples", "browser"), path.join(site, "examples", "browser"), { recursive: true });
  cpSync(path.join(HERE, "browser", "index.html"), path.join(site, "index.html"));
  cpSync(VECTORS_FILE, path.join(site, "checksum.json"));

  const port = await freePort();
  const server = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1"], {
    cwd: site,
    stdio: "ignore",
  });
  let context;
  try {
    const base = `http://127.0.0.1:${port}/`;
    await waitForServer(base + "checksum.json", server);
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
    });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(base + "index.html");
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 60_000 });
    const result = await page.evaluate(() => window.__result);
    console.log(`# browser: ${await context.browser()?.version?.() ?? "chromium"} ran ${result.ran} vectors`);
    assert.deepEqual(errors, []);
    assert.deepEqual(result.failures, []);
    assert.equal(result.ran, EXPECTED_VECTOR_CASES);
    assert.deepEqual(result.processCodes, require("paytm-checkout").resultCodeTable("process").length);
    assert.equal(result.ok, true);

    // examples/browser: loads the web build through its import map and handles the form.
    await page.goto(base + "examples/browser/index.html");
    await page.waitForFunction(() => window.__exampleReady === true, null, { timeout: 60_000 });
    assert.match(await page.textContent("#status"), /\(web build\) loaded/);
    await page.click("button");
    await page.waitForFunction(() => window.__example !== undefined, null, { timeout: 10_000 });
    // Today's web build has no request builder or response parser (see wasm/Cargo.toml, feature
    // `process`, and the package README): the page says so rather than faking a request.
    assert.deepEqual(await page.evaluate(() => window.__example), { built: false });
    assert.match(await page.textContent("#status"), /no request builder yet/);
    assert.deepEqual(errors, []);
  } finally {
    if (context) await context.close().catch(() => {});
    server.kill();
    await new Promise((r) => (server.exitCode !== null ? r() : server.once("exit", r)));
    rmSync(site, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
});
