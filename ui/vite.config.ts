import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The Tauri shell loads ui/dist (see src-tauri/tauri.conf.json); `npm run dev`
// serves the same app on a fixed port for `tauri dev`.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    host: "127.0.0.1",
  },
  build: {
    target: "safari16",
    outDir: "dist",
    emptyOutDir: true,
    // Inline nothing as data: URLs, so the strict CSP needs no exceptions.
    assetsInlineLimit: 0,
  },
  test: {
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
  },
});
