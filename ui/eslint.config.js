import js from "@eslint/js";
import ts from "typescript-eslint";
import svelte from "eslint-plugin-svelte";
import globals from "globals";
import svelteConfig from "./svelte.config.js";

export default ts.config(
  { ignores: ["dist/", "node_modules/", "test-results/"] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: [".svelte"],
        parser: ts.parser,
        svelteConfig,
      },
    },
  },
  {
    files: ["tests/browser/**", "tests/e2e/**", "tests/site/**", "*.config.*"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Only the API module may talk to the Tauri core.
    files: ["src/**"],
    ignores: ["src/lib/api.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@tauri-apps/api/core",
              message: "Call the backend through src/lib/api.ts.",
              // The generated bindings name the Channel type only.
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
);
