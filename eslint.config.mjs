// Lint and format in the Effect monorepo's style: @effect/eslint-plugin's dprint rule
// (2-space indent, 120 columns, no semicolons, double quotes, no trailing commas) plus
// typescript-eslint's recommended rules.
import effect from "@effect/eslint-plugin"
import js from "@eslint/js"
import tseslint from "typescript-eslint"

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/build/**", "**/dist/**", "scratchpad/**", "**/*.tsbuildinfo"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...effect.configs.dprint,
  {
    languageOptions: { parserOptions: { ecmaVersion: 2022, sourceType: "module" } },
    rules: {
      "@effect/dprint": ["error", {
        config: {
          indentWidth: 2,
          lineWidth: 120,
          semiColons: "asi",
          quoteStyle: "alwaysDouble",
          trailingCommas: "never",
          operatorPosition: "maintain",
          "arrowFunction.useParentheses": "force"
        }
      }],
      "@typescript-eslint/array-type": ["error", { default: "generic", readonly: "generic" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", {
        argsIgnorePattern: "^_",
        varsIgnorePattern: "^_",
        destructuredArrayIgnorePattern: "^_"
      }],
      "@typescript-eslint/no-empty-object-type": "off",
      "no-console": "error"
    }
  },
  {
    // Libraries import modules, not the barrel, so bundles stay small.
    files: ["packages/workos/src/**/*.ts", "packages/emulator/src/**/*.ts"],
    rules: { "@effect/no-import-from-barrel-package": ["error", { packageNames: ["effect", "@effect/platform"] }] }
  },
  {
    files: [
      "docs/examples/**/*.ts",
      "packages/demo/**/*.ts",
      "packages/bench/src/bundle/**/*.ts",
      "packages/*/scripts/**/*.ts",
      "packages/consumer/**/*.ts",
      "packages/release/**/*.ts"
    ],
    rules: { "no-console": "off" }
  }
)
