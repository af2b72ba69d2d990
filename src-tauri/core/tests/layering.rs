//! The arrows of ARCHITECTURE.md, checked on the source: a `use` that points up fails here.
//!
//! shell (src-tauri/src) → usecases → store / letters / export / replies / import / watch / help → domain

use std::path::{Path, PathBuf};

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

#[test]
fn the_domain_imports_nothing_above_it() {
    let up = offenders(
        "src/domain",
        &["crate::store", "crate::letters", "crate::error", "crate::Error", "crate::replies", "crate::watch", "crate::import", "crate::usecases", "rusqlite", "reqwest"],
    );
    assert!(up.is_empty(), "the domain must stay pure:\n{}", up.join("\n"));
}

#[test]
fn the_store_knows_no_documents_and_no_use_cases() {
    let up = offenders("src/store", &["crate::letters", "crate::export", "crate::replies", "crate::usecases", "crate::watch", "crate::import"]);
    assert!(up.is_empty(), "the store holds rows, not documents:\n{}", up.join("\n"));
}

#[test]
fn documents_are_made_from_plain_data() {
    // Letters, the dossier and the exports take what the use case hands them: no store, no
    // network, no use case.
    let mut up = Vec::new();
    for dir in ["src/letters", "src/export"] {
        up.extend(offenders(dir, &["crate::store", "crate::usecases", "crate::watch", "rusqlite", "reqwest"]));
    }
    assert!(up.is_empty(), "documents import the domain at most:\n{}", up.join("\n"));
}

#[test]
fn only_the_shell_uses_the_use_cases() {
    let mut up = Vec::new();
    for dir in ["src/domain", "src/store", "src/letters", "src/export", "src/replies", "src/import", "src/watch"] {
        up.extend(offenders(dir, &["crate::usecases"]));
    }
    assert!(up.is_empty(), "nothing below the use cases may call them:\n{}", up.join("\n"));
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
