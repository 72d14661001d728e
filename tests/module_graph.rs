//! The modules of src/ form no import cycle: each file's references to other modules
//! (`crate::…`, `super::…`, a child module's name) make a graph that must be acyclic, so
//! every module can be read, tested and changed without the ones that use it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path of a source file: src/ui/app.rs → "ui::app", src/ui/mod.rs → "ui".
fn module_of(relative: &Path) -> String {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts.join("::")
}

fn parent(module: &str) -> String {
    module
        .rsplit_once("::")
        .map_or(String::new(), |(p, _)| p.to_string())
}

fn sources(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("main.rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            // Unit tests sit at the end of a file and may use anything.
            let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
            let code: String = code
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            out.push((module_of(path.strip_prefix(root).unwrap()), code));
        }
    }
}

fn ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The paths named after `prefix` ("crate::" or "super::") in code: `a::b::C`, and each
/// top-level item of a group `{a, b::c}`.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let boundary = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !ident_char(c));
        rest = &rest[at + prefix.len()..];
        if !boundary {
            continue;
        }
        let mut path = Vec::new();
        let mut tail = rest;
        loop {
            let end = tail.find(|c: char| !ident_char(c)).unwrap_or(tail.len());
            if end == 0 {
                break;
            }
            path.push(tail[..end].to_string());
            tail = &tail[end..];
            match tail.strip_prefix("::") {
                Some(next) => tail = next,
                None => break,
            }
        }
        if tail.starts_with('{') {
            let group = &tail[1..tail.find('}').unwrap_or(tail.len())];
            for item in group.split(',') {
                let first = item.trim().split("::").next().unwrap_or("").trim();
                if !first.is_empty() && first.chars().all(ident_char) {
                    let mut full = path.clone();
                    full.push(first.to_string());
                    out.push(full);
                }
            }
        } else {
            out.push(path);
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|(m, _)| m.clone()).collect();
    let resolve = |path: &[String]| -> Option<String> {
        (1..=path.len())
            .rev()
            .map(|n| path[..n].join("::"))
            .find(|candidate| modules.contains(candidate))
    };
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in &files {
        let mut targets = BTreeSet::new();
        for (prefix, base) in [("crate::", String::new()), ("super::", parent(module))] {
            for path in paths_after(code, prefix) {
                let mut full: Vec<String> = if base.is_empty() {
                    Vec::new()
                } else {
                    base.split("::").map(str::to_string).collect()
                };
                full.extend(path);
                // An item of the parent module itself (`super::DocKind`) is the parent.
                if let Some(target) =
                    resolve(&full).or_else(|| (!base.is_empty()).then(|| base.clone()))
                {
                    targets.insert(target);
                }
            }
        }
        // A module naming its own children (`app::App` in ui/mod.rs).
        for child in modules
            .iter()
            .filter(|m| parent(m) == *module && !module.is_empty())
        {
            let name = child.rsplit("::").next().unwrap_or("");
            if !paths_after(code, &format!("{name}::")).is_empty() {
                targets.insert(child.clone());
            }
        }
        targets.remove(module);
        targets.remove("");
        edges.insert(module.clone(), targets);
    }
    edges
}

/// A cycle through `from`, if any, as the list of modules on it.
fn cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            match state.get(next.as_str()) {
                Some(1) => {
                    let from = stack.iter().position(|m| m == next).unwrap_or(0);
                    let mut found = stack[from..].to_vec();
                    found.push(next.clone());
                    return Some(found);
                }
                Some(_) => {}
                None => {
                    if let Some(found) = visit(next, edges, state, stack) {
                        return Some(found);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in edges.keys() {
        if !state.contains_key(node)
            && let Some(found) = visit(node, edges, &mut state, &mut Vec::new())
        {
            return Some(found);
        }
    }
    None
}

#[test]
fn the_modules_form_no_import_cycle() {
    let edges = graph();
    // The graph is real: the explorer's app uses its pieces, the CLI uses search.
    assert!(
        edges["ui::app"].contains("ui::viewport"),
        "{:?}",
        edges["ui::app"]
    );
    assert!(edges["cli"].contains("search"), "{:?}", edges["cli"]);
    if let Some(found) = cycle(&edges) {
        panic!("import cycle: {}", found.join(" → "));
    }
}

#[test]
fn a_cycle_would_be_found() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.insert("a".into(), ["b".to_string()].into());
    edges.insert("b".into(), ["c".to_string()].into());
    edges.insert("c".into(), ["a".to_string()].into());
    assert_eq!(
        cycle(&edges),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(cycle(&graph().into_iter().take(0).collect()), None);
}

#[test]
fn nothing_but_the_event_loop_imports_draw() {
    let edges = graph();
    let users: Vec<&String> = edges
        .iter()
        .filter(|(_, targets)| targets.contains("ui::draw"))
        .map(|(module, _)| module)
        .collect();
    assert_eq!(users, vec!["ui"], "draw.rs is used by {users:?}");
}

/// The longest a function in src/ may be, in lines from its `fn` to its closing brace.
const MAX_FUNCTION_LINES: usize = 150;

/// Functions of a source text longer than `limit`, as (line, lines, header). A function
/// is a line opening with `fn` (after its indentation and qualifiers) whose body ends at
/// the next line that is that indentation and `}` alone, as rustfmt writes it; one-line
/// functions and declarations without a body are not counted.
fn long_functions(text: &str, limit: usize) -> Vec<(usize, usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        let indent = &line[..line.len() - code.len()];
        let mut words = code;
        for qualifier in [
            "pub(crate) ",
            "pub(super) ",
            "pub ",
            "const ",
            "async ",
            "unsafe ",
        ] {
            words = words.strip_prefix(qualifier).unwrap_or(words);
        }
        if !words.starts_with("fn ") || code.ends_with(';') || code.ends_with('}') {
            continue;
        }
        let closing = format!("{indent}}}");
        if let Some(end) = lines[at + 1..].iter().position(|l| *l == closing) {
            let length = end + 2;
            if length > limit {
                found.push((at + 1, length, code.to_string()));
            }
        }
    }
    found
}

#[test]
fn no_function_is_longer_than_150_lines() {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.path());
        for entry in entries {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    let mut too_long = Vec::new();
    for path in files {
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        for (line, length, header) in long_functions(&text, MAX_FUNCTION_LINES) {
            too_long.push(format!("{relative}:{line}: {length} lines: {header}"));
        }
    }
    assert!(
        too_long.is_empty(),
        "split these into named steps:\n{}",
        too_long.join("\n")
    );
}

#[test]
fn a_long_function_would_be_found() {
    let body = "    x();\n".repeat(5);
    let text = format!("fn short() {{ x() }}\n\npub(crate) fn long(\n    a: u8,\n) {{\n{body}}}\n");
    assert_eq!(
        long_functions(&text, 5),
        vec![(3, 9, "pub(crate) fn long(".to_string())]
    );
    assert!(long_functions(&text, 9).is_empty());
}
