// iamplay's drop-in script for documentation pages. Include it once:
//
//   <script type="module" src="https://your-docs-host/iamplay/iamplay-docs.js"></script>
//
// and mark blocks: <pre data-iamplay="identity-policy">…</pre> (lint findings underlined,
// statements listed), <pre data-iamplay="scenario">…</pre> (requests and verdicts), with an
// optional data-iamplay-requests="s3:PutObject arn:aws:s3:::bucket/key allowed; …". Each block
// becomes a live widget; until then (or if this script cannot load) the block shows as written.
// Everything runs in the reader's browser: the catalogue and AWS managed policies are fetched
// from the site this script is served from, and nothing else is requested.
//
// It also fits iframes of the site's embed view (index.html#embed&scenario=…) to their content:
// the view posts its height, and the frame that sent it is resized.

const base = new URL(".", import.meta.url).href;
const HEIGHT = "iamplay:height";

function fitFrames() {
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.type !== HEIGHT || typeof data.height !== "number") return;
    for (const frame of document.querySelectorAll("iframe")) {
      if (frame.contentWindow === event.source) {
        frame.style.height = `${Math.ceil(Math.min(Math.max(data.height, 0), 100000))}px`;
      }
    }
  });
}

function reportHeight() {
  if (window.parent === window) return;
  const post = () =>
    window.parent.postMessage({ type: HEIGHT, height: document.documentElement.scrollHeight }, "*");
  new ResizeObserver(post).observe(document.documentElement);
  post();
}

function load(tag, attributes) {
  return new Promise((resolve, reject) => {
    const element = Object.assign(document.createElement(tag), attributes);
    element.addEventListener("load", resolve, { once: true });
    element.addEventListener("error", reject, { once: true });
    document.head.append(element);
  });
}

async function start() {
  fitFrames();
  const embedPage = document.body.hasAttribute("data-iamplay-embed");
  if (!embedPage && !document.querySelector("[data-iamplay]")) return;
  // The widgets' look first, so they never show unstyled; then the engine.
  await load("link", { rel: "stylesheet", href: `${base}iamplay-embed.css` }).catch(() => {});
  await load("script", { src: `${base}iamplay-embed.js` });
  // The glue declares `wasm_bindgen` in the page's global scope (not on `window`).
  await wasm_bindgen({ module_or_path: `${base}iamplay-embed_bg.wasm` });
  wasm_bindgen.mount(base);
  if (embedPage) reportHeight();
}

start().catch((error) => console.error("iamplay: the widgets could not be loaded", error));
