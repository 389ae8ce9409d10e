//! Entry point of the playground's wasm bundle, built by Trunk from `web/index.html`.

fn main() {
    iamplay_web::start();
}
