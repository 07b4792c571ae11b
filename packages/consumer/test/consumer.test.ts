/**
 * What users install, tried as they would: both tarballs, installed with npm into a fresh
 * project, checked by publint and attw, type-checked by the consumer's own tsc in every
 * configuration the README supports, and run on every runtime the README names against the
 * packed emulator's own bin over loopback.
 *
 * The cases run in order in one file: the type rows emit the JavaScript the runtime rows run.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  background,
  bin,
  buildAndPack,
  emptyProject,
  freePort,
  makeProject,
  npmInstall,
  root,
  run,
  type RunResult,
  startEmulator,
  type Tarballs
} from "../src/project.js"

/** What the smoke program prints on every runtime. */
const expected = {
  fetched: "ada@example.com",
  listed: ["ada@example.com", "edsger@example.com", "grace@example.com"],
  signedIn: "grace@example.com",
  verified: true
}

let tarballs: Tarballs
let project: string

beforeAll(async () => {
  tarballs = await buildAndPack()
  project = await makeProject(tarballs)
}, 600_000)

afterAll(() => {
  for (const dir of [tarballs?.dir, project]) if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

const ok = (result: RunResult) => {
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0)
  return result
}

const manifest = (pkg: string) =>
  JSON.parse(fs.readFileSync(path.join(project, "node_modules", pkg, "package.json"), "utf8")) as Record<
    string,
    unknown
  >

describe("tarballs", () => {
  it.each(["sdk", "emulator", "cli"] as const)(
    "%s holds compiled JS, declarations, sources for the maps and docs, nothing else",
    async (which) => {
      const listing = ok(await run("tar", ["-tzf", tarballs[which]], { cwd: project })).stdout.split("\n")
      const files = listing.filter((line) => line.length > 0).map((line) => line.replace(/^package\//, ""))
      for (
        const file of ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "dist/esm/index.js", "dist/cjs/index.js"]
      ) {
        expect(files).toContain(file)
      }
      expect(files).toContain("dist/dts/index.d.ts")
      expect(files).toContain("dist/cjs/index.d.ts")
      expect(files).toContain("src/index.ts")
      // No tests, configs or build caches are published.
      expect(files.filter((file) => /(^|\/)(test|tsconfig[^/]*\.json|\.tsbuildinfo|vitest\.config\.ts)/.test(file)))
        .toEqual([])
      const stat = fs.statSync(tarballs[which])
      console.log(
        `${path.basename(tarballs[which])}: ${files.length} files, ${(stat.size / 1024).toFixed(1)} KiB packed`
      )
    }
  )

  it("manifests name real ranges, engines, repository and a compiled bin", () => {
    for (const pkg of ["effect-workos", "effect-workos-emulator"]) {
      const json = manifest(pkg)
      expect(JSON.stringify(json)).not.toContain("workspace:")
      expect(json.engines).toEqual({ node: ">=20" })
      expect(json.license).toBe("MIT")
      expect(json).toHaveProperty("repository.url")
      expect(json.peerDependencies).toMatchObject({ effect: "^3.22.4", "@effect/platform": "^0.97.1" })
    }
    expect(manifest("effect-workos-emulator").bin).toEqual({ "effect-workos-emulator": "./dist/esm/bin.js" })
    // The emulator is independent of the SDK: it works with any client, in any version.
    expect(manifest("effect-workos-emulator").peerDependencies).not.toHaveProperty("effect-workos")
    expect(manifest("effect-workos-emulator").dependencies).not.toHaveProperty("effect-workos")
  })

  it.each(["sdk", "emulator", "cli"] as const)("publint --strict finds nothing in the %s", async (which) => {
    const result = ok(await run(bin("publint"), ["--strict", tarballs[which]], { cwd: project }))
    expect(result.stdout).toContain("All good!")
  })

  it.each(["sdk", "emulator", "cli"] as const)(
    "attw finds no problem in the %s under node10, node16 (CJS and ESM) and bundler",
    async (which) => {
      const result = ok(await run(bin("attw"), [tarballs[which], "--format", "json"], { cwd: project }))
      const report = JSON.parse(result.stdout) as { analysis: { problems: Array<unknown> } }
      expect(report.analysis.problems).toEqual([])
    }
  )

  it("the emulator's bin runs from the install", async () => {
    const result = ok(
      await run(path.join(project, "node_modules/.bin/effect-workos-emulator"), ["--help"], { cwd: project })
    )
    expect(result.stdout).toContain("--port N")
  })
})

// Every row: `strict`, `skipLibCheck: false`, so the shipped declarations are checked too.
const typeRows = [
  {
    name: "nodenext, ESM, exactOptionalPropertyTypes, lib ES2022 + @types/node (no DOM)",
    config: "esm",
    options: {
      module: "nodenext",
      moduleResolution: "nodenext",
      lib: ["ES2022"],
      types: ["node"],
      exactOptionalPropertyTypes: true
    },
    files: ["esm/smoke.ts", "esm/main.ts"]
  },
  {
    name: "nodenext, CommonJS, without exactOptionalPropertyTypes, lib ES2022 + @types/node (no DOM)",
    config: "cjs",
    options: { module: "nodenext", moduleResolution: "nodenext", lib: ["ES2022"], types: ["node"] },
    files: ["cjs/smoke.ts", "cjs/main.ts"]
  },
  {
    name: "bundler, with exactOptionalPropertyTypes, DOM (the Worker too)",
    config: "bundler-exact",
    options: {
      module: "esnext",
      moduleResolution: "bundler",
      types: ["node"],
      exactOptionalPropertyTypes: true,
      noEmit: true
    },
    files: ["esm/smoke.ts", "esm/main.ts", "esm/worker.ts"]
  },
  {
    name: "bundler, without exactOptionalPropertyTypes, DOM (the Worker too)",
    config: "bundler",
    options: { module: "esnext", moduleResolution: "bundler", types: ["node"], noEmit: true },
    files: ["esm/smoke.ts", "esm/main.ts", "esm/worker.ts"]
  }
] as const

describe("tsc", () => {
  it.each(typeRows)("$name", async (row) => {
    const file = `tsconfig.${row.config}.json`
    fs.writeFileSync(
      path.join(project, file),
      JSON.stringify({
        compilerOptions: { strict: true, skipLibCheck: false, target: "ES2022", ...row.options },
        files: row.files
      })
    )
    ok(await run(path.join(project, "node_modules/.bin/tsc"), ["-p", file], { cwd: project }))
  }, 120_000)
})

const smokeOn = async (command: string, args: ReadonlyArray<string>) => {
  const emulator = await startEmulator(project)
  try {
    const result = ok(await run(command, args, { cwd: project, env: emulator.env }))
    return JSON.parse(result.stdout.trim().split("\n").at(-1)!)
  } finally {
    await emulator.stop()
  }
}

describe("runtimes", () => {
  it(`Node ${process.version}, ESM (import)`, async () => {
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(20)
    expect(await smokeOn(process.execPath, ["esm/main.js"])).toEqual(expected)
  }, 60_000)

  it(`Node ${process.version}, CommonJS (require)`, async () => {
    expect(fs.readFileSync(path.join(project, "cjs/main.js"), "utf8")).toContain(`require("effect-workos")`)
    expect(await smokeOn(process.execPath, ["cjs/main.js"])).toEqual(expected)
  }, 60_000)

  it("Node 22 from npm, ESM and CommonJS", async () => {
    const version = ok(await run(bin("node"), ["--version"], { cwd: project })).stdout.trim()
    expect(version).toMatch(/^v22\./)
    expect(await smokeOn(bin("node"), ["esm/main.js"])).toEqual(expected)
    expect(await smokeOn(bin("node"), ["cjs/main.js"])).toEqual(expected)
  }, 60_000)

  it("Bun", async () => {
    expect(await smokeOn(bin("bun"), ["esm/main.js"])).toEqual(expected)
  }, 60_000)

  it("Deno", async () => {
    expect(await smokeOn(bin("deno"), ["run", "--allow-net", "--allow-env", "--allow-read", "esm/main.js"])).toEqual(
      expected
    )
  }, 60_000)

  it("workerd: an esbuild bundle, config from bindings, no nodejs_compat", async () => {
    const out = path.join(project, "workerd")
    ok(
      await run(bin("esbuild"), [
        "esm/worker.ts",
        "--bundle",
        "--format=esm",
        "--platform=browser",
        "--conditions=workerd,worker,browser",
        "--target=es2022",
        `--outfile=${path.join(out, "worker.js")}`
      ], { cwd: project })
    )
    const emulator = await startEmulator(project)
    const port = await freePort()
    const template = fs.readFileSync(path.join(import.meta.dirname, "../fixtures/workerd.capnp"), "utf8")
    fs.writeFileSync(
      path.join(out, "config.capnp"),
      template.replaceAll("{{PORT}}", String(port))
        .replaceAll("{{BASE_URL}}", emulator.env.WORKOS_BASE_URL!)
        .replaceAll("{{API_KEY}}", emulator.env.WORKOS_API_KEY!)
        .replaceAll("{{CLIENT_ID}}", emulator.env.WORKOS_CLIENT_ID!)
    )
    expect(template).not.toContain("compatibilityFlags")
    const worker = await background(bin("workerd"), ["serve", "config.capnp", "--verbose"], {
      cwd: out,
      ready: undefined
    }).catch(async (error) => {
      await emulator.stop()
      throw error
    })
    try {
      const response = await waitForResponse(`http://127.0.0.1:${port}/`)
      expect(response.status, await response.clone().text()).toBe(200)
      expect(await response.json()).toEqual(expected)
    } finally {
      await worker.stop()
      await emulator.stop()
    }
  }, 90_000)
})

describe("tree-shaking", () => {
  /** Bundle `source` from the install with esbuild, minified, as an app's build would. */
  const bundled = async (name: string, source: string) => {
    const dir = path.join(project, "shake")
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, `${name}.ts`), source)
    ok(
      await run(bin("esbuild"), [
        `shake/${name}.ts`,
        "--bundle",
        "--minify",
        "--format=esm",
        "--platform=node",
        `--outfile=shake/${name}.js`
      ], { cwd: project })
    )
    return fs.readFileSync(path.join(dir, `${name}.js`), "utf8")
  }
  /** A message only the SDK's stream of pages has. */
  const pagingCode = "prefetch must be an integer from 1 to 16"

  // Each module declares its list endpoint at its top level; marked pure, the declaration and
  // the paging code behind it are dropped when the app never lists (about 3 KB minified).
  it("an app that only gets a user ships no paging code; one that lists does", async () => {
    const get = await bundled(
      "get",
      `import * as Users from "effect-workos/Users"\nexport const program = Users.get("user_1")\n`
    )
    expect(get).toContain("/user_management/users/{id}")
    expect(get).not.toContain(pagingCode)
    const list = await bundled(
      "list",
      `import * as Users from "effect-workos/Users"\nexport const program = Users.list()\n`
    )
    expect(list).toContain(pagingCode)
    // A failed page gets its resume cursor without the union of every error class.
    expect(list).not.toContain("WebhookSignatureInvalid")
  }, 60_000)

  // The build marks every top-level call pure (babel-plugin-annotate-pure-calls, as Effect's
  // builds do): a module's schemas the app does not use are dropped with the rest.
  it("an app that only gets a user ships no schema of a write and no error of another area", async () => {
    const get = await bundled(
      "get-only",
      `import * as Users from "effect-workos/Users"\nexport const program = Users.get("user_1")\n`
    )
    expect(get).toContain("WorkOSNotFound")
    // `Users.create`'s body schema: its password hash types.
    expect(get).not.toContain("firebase-scrypt")
    // Errors of webhooks and of sessions: only the `WorkOSError` union names them all.
    expect(get).not.toContain("WebhookSignatureInvalid")
    expect(get).not.toContain("SessionRefreshTerminal")
    const create = await bundled(
      "create",
      `import * as Users from "effect-workos/Users"\nexport const program = Users.create({ email: "a@example.com" })\n`
    )
    expect(create).toContain("firebase-scrypt")
  }, 60_000)
})

/** workerd prints nothing when it is listening: poll until the socket answers. */
const waitForResponse = async (url: string): Promise<Response> => {
  for (let attempt = 0;; attempt++) {
    try {
      return await fetch(url)
    } catch (error) {
      if (attempt >= 100) throw error
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

describe("the CLI", () => {
  it("installs with npm from its tarball, runs its compiled bin, and migrates into the packed emulator", async () => {
    const dir = emptyProject()
    try {
      // The CLI's own dependencies on the SDK and the emulator are met by their tarballs.
      await npmInstall(dir, [tarballs.cli, tarballs.sdk, tarballs.emulator])
      const installed = JSON.parse(
        fs.readFileSync(path.join(dir, "node_modules/effect-workos-cli/package.json"), "utf8")
      ) as Record<string, unknown>
      expect(installed.bin).toEqual({ "effect-workos": "./dist/esm/bin.js" })
      expect(JSON.stringify(installed)).not.toContain("workspace:")
      const cli = path.join(dir, "node_modules/.bin/effect-workos")
      expect(ok(await run(cli, ["users", "import", "--help"], { cwd: dir })).stdout).toContain("--dry-run")

      fs.writeFileSync(
        path.join(dir, "seed.json"),
        JSON.stringify({ users: [{ email: "ada@example.com", firstName: "Ada" }, { email: "grace@example.com" }] })
      )
      ok(
        await run(cli, [
          "users",
          "export",
          "--emulator",
          "--emulator-seed",
          "seed.json",
          "--format",
          "csv",
          "--out",
          "users.csv"
        ], { cwd: dir })
      )
      expect(fs.readFileSync(path.join(dir, "users.csv"), "utf8")).toContain("ada@example.com,true,Ada")
      const emulator = await startEmulator(project)
      try {
        const imported = ok(
          await run(cli, ["users", "import", "users.csv", "--format", "csv", "--progress", "plain"], {
            cwd: dir,
            env: emulator.env
          })
        )
        expect(imported.stderr).toContain("Imported: 2 created, 0 updated, 0 skipped, 0 failed")
      } finally {
        await emulator.stop()
      }
      const bad = await run(cli, ["users", "import", "missing.csv"], { cwd: dir })
      expect(bad.code).toBe(1)
      expect(bad.stderr).not.toMatch(/^\s+at /m)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 300_000)
})

describe("README", () => {
  it("Install and Quick start, followed in an empty folder with npm, against the packed emulator", async () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")
    const quickStart = readme.slice(readme.indexOf("## Quick start"))
    const install = readme.match(/^npm install (effect-workos .+)$/m)![1]!.split(" ")
    const program = quickStart.match(/```ts\n([\s\S]*?)```/)![1]!
    const printed = quickStart.match(/node main\.mjs\n# (.+)\n/)![1]!
    expect(readme).toContain("npm install -D effect-workos-emulator")
    // The README's own specs, with the two packages taken from the tarballs.
    const specs = [...install.map((spec) => spec === "effect-workos" ? tarballs.sdk : spec), tarballs.emulator]
    const dir = emptyProject()
    try {
      await npmInstall(dir, specs)
      fs.writeFileSync(path.join(dir, "main.mjs"), program)
      const emulator = await startEmulator(dir)
      try {
        const result = ok(await run(process.execPath, ["main.mjs"], { cwd: dir, env: emulator.env }))
        expect(result.stdout.trim()).toBe(printed)
      } finally {
        await emulator.stop()
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 300_000)
})
