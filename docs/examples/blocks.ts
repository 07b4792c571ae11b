/**
 * How a guide's code block relates to the example file it is copied from: the block is
 * the imports it needs, then a verbatim (dedented) run of the example. The imports are
 * derived from the example's own, so a reader can paste the block and a test can check it.
 */

/** One `import … from "…"` statement: named imports, or a namespace. */
export interface Import {
  readonly from: string
  readonly names: ReadonlyArray<string>
  readonly namespace: string | undefined
}

const importPattern = /^import\s+(type\s+)?(?:\*\s+as\s+(\w+)|\{([^}]*)\})\s+from\s+"([^"]+)"\s*$/gm

/** The import statements written at the start of a line (they may span lines). */
export const importsOf = (source: string): Array<Import> =>
  [...source.replaceAll(/\{[^}]*\}/g, (braces) => braces.replaceAll("\n", " ")).matchAll(importPattern)].map((
    [, typeOnly, namespace, names, from]
  ) => ({
    from: from!,
    namespace,
    names: (names ?? "").split(",").map((name) => name.trim()).filter((name) => name.length > 0)
      .map((name) => typeOnly ? `type ${name}` : name)
  }))

/** `type Redacted` → `Redacted` */
const bare = (name: string) => name.replace(/^type\s+/, "")

const uses = (code: string, name: string) => new RegExp(`\\b${bare(name)}\\b`).test(code)

export const render = (statement: Import): string =>
  statement.namespace !== undefined
    ? `import * as ${statement.namespace} from "${statement.from}"`
    : `import { ${statement.names.join(", ")} } from "${statement.from}"`

/**
 * The imports a run of code copied from `example` needs: the example's imports cut down to
 * the names the code uses, less what the code imports itself. Code lines that are only
 * comments do not count as uses.
 */
export const requiredImports = (example: string, code: string): Array<string> => {
  const own = new Set(importsOf(code).flatMap((statement) => [...statement.names.map(bare), statement.namespace ?? ""]))
  const words = code.split("\n").filter((line) => !line.trimStart().startsWith("//")).join("\n")
  return importsOf(example).flatMap((statement) => {
    if (statement.namespace !== undefined) {
      return !own.has(statement.namespace) && uses(words, statement.namespace) ? [render(statement)] : []
    }
    const names = statement.names.filter((name) => !own.has(bare(name)) && uses(words, name))
    return names.length === 0 ? [] : [render({ ...statement, names })]
  })
}

/** A block's leading import lines, and the rest. */
export const splitBlock = (block: string): { readonly header: Array<string>; readonly body: string } => {
  const lines = block.split("\n")
  let end = 0
  while (end < lines.length && lines[end]!.startsWith("import ")) end++
  // A blank line separates the imports from the code.
  const body = lines.slice(end).join("\n").replace(/^\n/, "")
  return { header: lines.slice(0, end), body }
}

/** Comparison ignores indentation: blocks may be dedented copies of nested code. */
export const normalize = (code: string) => code.split("\n").map((line) => line.trimStart()).join("\n")
