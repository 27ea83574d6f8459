// Vite builds the UI into dist/, which Tauri embeds in the binary: nothing is fetched at run time.
import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  build: { outDir: "dist", emptyOutDir: true, target: "es2022", chunkSizeWarningLimit: 1500 },
  server: { fs: { allow: [".", "../assets"] } },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
