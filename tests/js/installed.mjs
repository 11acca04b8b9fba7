// The packed package, installed the way a user gets it: `npm pack wasm/pkg`, then
// `npm install <tarball>` (offline: it has no dependencies) into a temporary project.
//
// scripts/test-js.sh installs it once (`node installed.mjs <dir>`) and passes the project through
// PTM_INSTALLED_PROJECT; a suite run on its own installs a private copy, removed at exit.
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PKG_DIR = path.resolve(HERE, "..", "..", "wasm", "pkg");
const NPM_QUIET = ["--no-audit", "--no-fund", "--loglevel=error"];

/** Packs wasm/pkg into `dir` and installs the tarball into `dir/project`; returns the project. */
export function install(dir) {
  mkdirSync(dir, { recursive: true });
  const packed = JSON.parse(
    execFileSync("npm", ["pack", PKG_DIR, "--pack-destination", dir, "--json", ...NPM_QUIET], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }),
  )[0];
  const project = path.join(dir, "project");
  mkdirSync(project);
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "paytm-checkout-consumer", private: true, version: "0.0.0" }, null, 2),
  );
  execFileSync("npm", ["install", "--offline", "--ignore-scripts", ...NPM_QUIET, path.join(dir, packed.filename)], {
    cwd: project,
    stdio: ["ignore", "ignore", "inherit"],
  });
  writeFileSync(path.join(dir, "files.json"), JSON.stringify(packed.files.map((f) => f.path).sort()));
  return project;
}

let mine;
/** The temporary project with the packed package in node_modules/paytm-checkout. */
export function installedProject() {
  if (process.env.PTM_INSTALLED_PROJECT) return process.env.PTM_INSTALLED_PROJECT;
  if (!mine) {
    const dir = mkdtempSync(path.join(tmpdir(), "ptm-pack-"));
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
    mine = install(dir);
  }
  return mine;
}

/** The installed package's directory. */
export function installedPackage() {
  return path.join(installedProject(), "node_modules", "paytm-checkout");
}

/** The files `npm pack` put in the tarball (paths inside the package). */
export function packedFiles() {
  return JSON.parse(readFileSync(path.join(path.dirname(installedProject()), "files.json"), "utf8"));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const project = install(process.argv[2]);
  console.log(project);
}
