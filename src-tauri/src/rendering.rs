//! How WebKitGTK paints the window on Linux (WebView2 and WKWebView are not concerned).
//!
//! Since 2.46 WebKitGTK paints the page's tiles with Skia on the GPU. Our screens are text and
//! forms: on the GPU every tile is a GL texture and every font size and weight a glyph atlas,
//! and where the GL is software (no driver, a virtual machine, a remote session: Mesa's
//! llvmpipe) that costs both memory and start-up time. Measured on the dashboard of a practice
//! with 10,000 reviews (`scripts/perf-side-by-side.sh`): the web process held ~220 MiB with GPU
//! painting and ~165 MiB painting on the CPU, the way WebKitGTK painted until 2.44. The switch
//! moves the painting of the content only; compositing (scrolling, layers) keeps its own path.

/// WebKit's own switch, read by its web process when it starts.
const CPU_PAINTING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Asks WebKit to paint on the CPU unless whoever started the app already chose (an
/// administrator can set the variable to `0` to keep GPU painting). Called first thing in
/// `run`, before any thread exists: changing the environment later would race with readers.
pub fn prefer_cpu_painting() {
    if let Some(value) = painting_choice(cfg!(target_os = "linux"), std::env::var_os(CPU_PAINTING).is_some()) {
        std::env::set_var(CPU_PAINTING, value);
    }
}

/// The value to set, if any: only on Linux, and never over a choice already made.
fn painting_choice(linux: bool, already_set: bool) -> Option<&'static str> {
    (linux && !already_set).then_some("1")
}

#[cfg(test)]
mod tests {
    use super::painting_choice;

    #[test]
    fn cpu_painting_is_asked_on_linux_only_and_never_over_a_choice_made() {
        assert_eq!(painting_choice(true, false), Some("1"));
        assert_eq!(painting_choice(true, true), None, "WEBKIT_SKIA_ENABLE_CPU_RENDERING=0 must stay 0");
        assert_eq!(painting_choice(false, false), None);
    }
}
