/**
 * Bundles the UI extensions (extensions/*\/shopify.extension.toml of type ui_extension) the way
 * the Shopify CLI does before it uploads them: each target's module, with Preact's JSX and every
 * import resolved, one ES module per target. `shopify app deploy` builds them again itself; this
 * is the project's own check that they build, run by the tests, and `npm run build:extensions`.
 */
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import toml from "toml";
import { build, type Rollup } from "vite";

interface UiExtension {
  handle: string;
  dir: string;
  targets: { target: string; module: string }[];
}

export function uiExtensions(root = "extensions"): UiExtension[] {
  return readdirSync(root).flatMap((dir) => {
    const file = join(root, dir, "shopify.extension.toml");
    if (!existsSync(file)) return [];
    const config = toml.parse(readFileSync(file, "utf8")) as { extensions: { type: string; handle: string; targeting?: { target: string; module: string }[] }[] };
    return config.extensions.filter((e) => e.type === "ui_extension").map((e) => ({ handle: e.handle, dir: join(root, dir), targets: e.targeting ?? [] }));
  });
}

/** Every target's bundle, by `<handle>/<target>`; written under `outDir` when one is given. */
export async function buildUiExtensions(outDir?: string): Promise<Map<string, string>> {
  const bundles = new Map<string, string>();
  for (const extension of uiExtensions()) {
    for (const { target, module } of extension.targets) {
      // one self-contained file per target, as the CLI uploads it
      const result = await build({
        configFile: false, logLevel: "silent", publicDir: false,
        esbuild: { jsx: "automatic", jsxImportSource: "preact" },
        build: {
          write: Boolean(outDir), outDir: outDir ? join(outDir, extension.handle) : undefined, emptyOutDir: false, minify: true,
          lib: { entry: join(extension.dir, module), formats: ["es"], fileName: () => `${target}.js` },
        },
      });
      const output = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
      const chunks = output.flatMap((o) => o.output).filter((o): o is Rollup.OutputChunk => o.type === "chunk");
      if (chunks.length !== 1) throw new Error(`${extension.handle}/${target}: ${chunks.length} chunks, expected one file`);
      bundles.set(`${extension.handle}/${target}`, chunks[0].code);
    }
  }
  return bundles;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bundles = await buildUiExtensions("build/extensions");
  for (const [name, code] of bundles) console.log(`${name}: ${(code.length / 1024).toFixed(1)} KiB`);
}
