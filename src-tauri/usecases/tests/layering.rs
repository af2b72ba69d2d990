//! The layers of ARCHITECTURE.md, checked on the crate graph: each layer is a crate, and a
//! crate may depend only on the layers below it, so a `use` that points up no longer compiles.
//! This test reads `cargo metadata` and fails when a manifest gains an upward or sideways edge.
//!
//! shell (e-reputation-medecin) → erm-usecases → erm-store / erm-documents / erm-replies /
//! erm-net → erm-domain; erm-files (atomic writes, the file swap) under the store, the documents
//! and the use cases, beside the domain and knowing nothing of ours.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// Lines of code (comments left out) of every file under `dir` that mention one of `forbidden`.
fn offenders(dir: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out = Vec::new();
    for file in rust_files(&root) {
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            if let Some(f) = forbidden.iter().find(|f| code.contains(**f)) {
                out.push(format!("{}:{}: uses {f}", file.display(), n + 1));
            }
        }
    }
    out
}

/// Each workspace package's dependencies as `cargo metadata` reads them from the manifests:
/// (normal and build dependencies, dev-dependencies), names only.
fn graph() -> BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(&root)
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "cargo metadata: {}", String::from_utf8_lossy(&out.stderr));
    let meta: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut g = BTreeMap::new();
    for pkg in meta["packages"].as_array().unwrap() {
        let (mut normal, mut dev) = (BTreeSet::new(), BTreeSet::new());
        for dep in pkg["dependencies"].as_array().unwrap() {
            let name = dep["name"].as_str().unwrap().to_owned();
            if dep["kind"].as_str() == Some("dev") {
                dev.insert(name);
            } else {
                normal.insert(name);
            }
        }
        g.insert(pkg["name"].as_str().unwrap().to_owned(), (normal, dev));
    }
    g
}

const OURS: [&str; 8] = ["erm-files", "erm-domain", "erm-store", "erm-replies", "erm-documents", "erm-net", "erm-usecases", "e-reputation-medecin"];

/// The layers each crate may depend on (what it may import).
fn allowed(krate: &str) -> &'static [&'static str] {
    match krate {
        "erm-files" | "erm-domain" => &[],
        "erm-store" | "erm-documents" => &["erm-domain", "erm-files"],
        "erm-replies" | "erm-net" => &["erm-domain"],
        "erm-usecases" => &["erm-domain", "erm-files", "erm-store", "erm-replies", "erm-documents", "erm-net"],
        "e-reputation-medecin" => &["erm-usecases"],
        other => panic!("{other}: a crate of ours missing from the layering test"),
    }
}

#[test]
fn every_crate_depends_only_on_the_layers_below_it() {
    let g = graph();
    let mut wrong = Vec::new();
    for krate in OURS {
        let (normal, _) = g.get(krate).unwrap_or_else(|| panic!("{krate} is not in the workspace"));
        for dep in normal.iter().filter(|d| OURS.contains(&d.as_str()) || d.starts_with("erm-")) {
            if !allowed(krate).contains(&dep.as_str()) {
                wrong.push(format!("{krate} → {dep}"));
            }
        }
    }
    assert!(wrong.is_empty(), "arrows that point up or sideways:\n{}", wrong.join("\n"));
}

#[test]
fn tests_of_a_layer_reach_down_only() {
    // A layer's tests may use what is below it, never the layers above (they would rebuild on
    // every change up there). The shell's tests may also read back a document.
    let g = graph();
    let mut wrong = Vec::new();
    for krate in OURS {
        let (_, dev) = &g[krate];
        let extra: &[&str] = if krate == "e-reputation-medecin" { &["erm-documents"] } else { &[] };
        for dep in dev.iter().filter(|d| d.starts_with("erm-")) {
            if !allowed(krate).contains(&dep.as_str()) && !extra.contains(&dep.as_str()) {
                wrong.push(format!("{krate} (tests) → {dep}"));
            }
        }
    }
    assert!(wrong.is_empty(), "test dependencies that point up:\n{}", wrong.join("\n"));
}

#[test]
fn files_are_written_through_the_one_helper() {
    // Issue 19, part 5: « temporary, fsync, rename » was written five times. Outside erm-files,
    // nothing flushes or renames a file itself; the one rename left is not a write:
    // an empty store file set aside (the swap and its recovery are erm-files).
    let mut found = Vec::new();
    for dir in ["../domain/src", "../store/src", "../documents/src", "../replies/src", "../net/src", "src", "../src"] {
        found.extend(offenders(dir, &["sync_all", "fs::rename(", "create_new(true)"]));
    }
    found.retain(|l| !(l.contains("usecases/src/lib.rs") && l.contains("fs::rename(")));
    assert!(found.is_empty(), "files written by hand:\n{}", found.join("\n"));
    assert!(!offenders("../files/src", &["fs::rename("]).is_empty(), "the check reads the helper's own renames");
}

#[test]
fn the_domain_is_pure() {
    // No SQL, no network, no documents, no window in the rules of the trade.
    let (normal, _) = &graph()["erm-domain"];
    let impure: Vec<_> = normal.iter().filter(|d| ["rusqlite", "reqwest", "printpdf", "handlebars", "zip", "tauri"].contains(&d.as_str())).collect();
    assert!(impure.is_empty(), "the domain depends on {impure:?}");
}

#[test]
fn no_layer_below_the_shell_knows_tauri() {
    let g = graph();
    let tied: Vec<_> = OURS[..7].iter().filter(|k| g[**k].0.iter().any(|d| d.starts_with("tauri"))).collect();
    assert!(tied.is_empty(), "{tied:?} depend on tauri");
}

/// The arrows between the top-level modules of `crate_dir` (`crate::x` used in module `y`).
fn module_edges(crate_dir: &str) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(crate_dir).join("src");
    let top = |p: &Path| p.strip_prefix(&root).unwrap().components().next().unwrap().as_os_str().to_string_lossy().trim_end_matches(".rs").to_owned();
    let modules: BTreeSet<String> = std::fs::read_dir(&root).unwrap().flatten().map(|e| top(&e.path())).filter(|m| m != "lib").collect();
    let mut edges = BTreeSet::new();
    for file in rust_files(&root) {
        let from = top(&file);
        if from == "lib" {
            continue;
        }
        // In a file directly under src/, `super::` is the crate root too.
        let at_root = file.parent() == Some(root.as_path());
        for line in std::fs::read_to_string(&file).unwrap().lines().map(str::trim_start).filter(|l| !l.starts_with("//")) {
            let roots = line.match_indices("crate::").map(|(i, _)| i + 7).chain(line.match_indices("super::").filter(|_| at_root).map(|(i, _)| i + 7));
            for start in roots.collect::<Vec<_>>() {
                let name: String = line[start..].chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                if modules.contains(&name) && name != from {
                    edges.insert((from.clone(), name));
                }
            }
        }
    }
    edges.into_iter().collect()
}

/// A cycle in `edges`, if any (as the list of modules walked).
fn cycle(edges: &[(String, String)]) -> Option<Vec<String>> {
    fn walk(at: &str, edges: &[(String, String)], path: &mut Vec<String>, done: &mut BTreeSet<String>) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|m| m == at) {
            return Some(path[i..].iter().cloned().chain([at.to_owned()]).collect());
        }
        if done.contains(at) {
            return None;
        }
        path.push(at.to_owned());
        for (_, to) in edges.iter().filter(|(from, _)| from == at) {
            if let Some(c) = walk(to, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(at.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    edges.iter().find_map(|(from, _)| walk(from, edges, &mut Vec::new(), &mut done))
}

#[test]
fn no_crate_has_an_import_loop_between_its_modules() {
    // Issue 19: a loop ran cases/view → listings/view → letters → letters/case → cases/view.
    for krate in ["files", "domain", "store", "documents", "replies", "net", "usecases"] {
        let edges = module_edges(krate);
        assert!(!edges.is_empty() || ["net", "files"].contains(&krate), "{krate}: no arrows read, the test reads nothing");
        assert_eq!(cycle(&edges), None, "{krate}: modules import each other in a loop");
    }
    // The walk finds a loop when there is one.
    let looped = vec![("a".to_owned(), "b".to_owned()), ("b".to_owned(), "c".to_owned()), ("c".to_owned(), "a".to_owned())];
    assert!(cycle(&looped).is_some());
}

#[test]
fn the_shell_holds_adapters_only() {
    // Thin adapters: no file above ~150 lines, and no business state matched in the shell.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src/commands");
    let mut long = Vec::new();
    for file in rust_files(&root) {
        let lines = std::fs::read_to_string(&file).unwrap().lines().count();
        if lines > 150 {
            long.push(format!("{} has {lines} lines", file.display()));
        }
    }
    assert!(long.is_empty(), "command files must stay adapters:\n{}", long.join("\n"));
    let rules = offenders(
        "../src",
        &["Status::", "Event::", ".conn()", "store::listings", "store::reviews", "store::sites", "store::practice", "store::settings", "store::reply_templates", "store::watch", "ItemStatus::"],
    );
    assert!(rules.is_empty(), "the shell must not read the store or match on business states:\n{}", rules.join("\n"));
}
