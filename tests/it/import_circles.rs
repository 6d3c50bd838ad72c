//! No import circles between files: reads every file under src/, resolves
//! the paths its `use` declarations name (and the `crate::…`, `super::…`
//! and child-module paths written inline in its code) to the files they
//! point into, and fails when files anywhere in src/ depend on each other
//! round in a circle (a → b → … → a), a room's own `mod.rs` gathering its
//! children aside. Circles make a module impossible to understand, test or
//! move on its own; this keeps the two that were broken (propose's meta ↔
//! segment, the TUI's app → view → update → app) from coming back, and
//! new ones from appearing.
//!
//! `mod` lines do not count (a parent declaring a child is not a use of
//! it), and neither do `#[cfg(test)]` items: tests may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Where the circles must not be: anywhere in the crate. A module's own
/// file using its children (re-exporting them, or the `mod.rs` that
/// gathers a room) is not a circle between files: see [`without_parent_edges`].
const GUARDED: &[&str] = &["crate"];

#[test]
fn no_import_circles_between_files() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = read_tree(&src);
    assert!(
        files.contains_key("crate::tui::app") && files.contains_key("crate::propose::segment"),
        "the source tree was not read: {:?}",
        files.keys().collect::<Vec<_>>()
    );
    let graph = without_parent_edges(graph(&files));
    let guarded = |m: &String| {
        GUARDED
            .iter()
            .any(|g| m == g || m.starts_with(&format!("{g}::")))
    };
    let bad: Vec<Vec<String>> = circles(&graph)
        .into_iter()
        .filter(|c| c.iter().any(guarded))
        .collect();
    assert!(
        bad.is_empty(),
        "files depend on each other in a circle (move what both need into a third file):\n{}",
        bad.iter()
            .map(|c| format!("  {}", shortest_cycle(&graph, c).join(" → ")))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The checker itself finds a circle made of a grouped `super` import and
/// an inline `crate::` path, and is not fooled by test-only imports,
/// comments or strings.
#[test]
fn the_checker_sees_a_planted_circle() {
    let mut files = BTreeMap::new();
    let mut put = |m: &str, text: &str| files.insert(m.to_string(), text.to_string());
    put("crate::a", "pub mod b;\npub mod c;\npub mod d;\n");
    put("crate::a::b", "use super::{c::{Thing, Other as O}, d};\n");
    put(
        "crate::a::c",
        "pub fn f() -> u8 {\n    crate::a::b::g()\n}\n",
    );
    put(
        "crate::a::d",
        "#[cfg(test)]\nmod tests {\n    use crate::a::b;\n}\n\
         // use crate::a::b;\nconst S: &str = \"x; use crate::a::b;\";\n\
         const C: char = '\"';\nfn g<'a>(x: &'a str) -> &'a str { x }\n",
    );
    let g = graph(&files);
    assert_eq!(
        circles(&g),
        vec![vec!["crate::a::b".to_string(), "crate::a::c".to_string()]]
    );
    assert!(g["crate::a::d"].is_empty(), "{:?}", g["crate::a::d"]);
    files.insert("crate::a::c".to_string(), "use std::fmt;\n".to_string());
    assert!(circles(&graph(&files)).is_empty());
    // An alias is followed back to what it names.
    files.insert(
        "crate::a::d".to_string(),
        "use super::b as B;\nfn h() { B::x() }\n".to_string(),
    );
    files.insert(
        "crate::a::b".to_string(),
        "fn x() { crate::a::d::h() }\n".to_string(),
    );
    assert_eq!(
        circles(&graph(&files)),
        vec![vec!["crate::a::b".to_string(), "crate::a::d".to_string()]]
    );
}

/// Module path (`crate::tui::app`) → source text, for every file under `dir`.
fn read_tree(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).expect("read src dir");
        for e in entries {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let rel = p.strip_prefix(dir).expect("under src");
                let mut parts: Vec<String> = rel
                    .iter()
                    .map(|s| s.to_string_lossy().into_owned())
                    .collect();
                let last = parts.pop().unwrap_or_default();
                let stem = last.trim_end_matches(".rs");
                if !matches!(stem, "mod" | "lib" | "main") {
                    parts.push(stem.to_string());
                }
                if stem == "main" {
                    continue;
                }
                let module = std::iter::once("crate".to_string())
                    .chain(parts)
                    .collect::<Vec<_>>()
                    .join("::");
                let text = std::fs::read_to_string(&p).expect("read source file");
                out.insert(module, text);
            }
        }
    }
    out
}

/// Each file's imports of other files (module path → module paths).
/// Drops the edges from a module to its own descendants (`crate::ops` →
/// `crate::ops::read`): a room's `mod.rs` naming what it contains is how
/// Rust gathers a room, while a child using its parent's shared types is
/// the ordinary inward dependency. What remains are uses between siblings
/// and across rooms, where a circle means two files cannot be understood
/// apart.
fn without_parent_edges(
    mut g: BTreeMap<String, BTreeSet<String>>,
) -> BTreeMap<String, BTreeSet<String>> {
    for (m, deps) in g.iter_mut() {
        let prefix = format!("{m}::");
        deps.retain(|d| !d.starts_with(&prefix));
    }
    g
}

fn graph(files: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut g = BTreeMap::new();
    for (module, text) in files {
        let mut deps = BTreeSet::new();
        for path in references(&without_test_items(text)) {
            if let Some(target) = resolve(module, &path, files) {
                if &target != module {
                    deps.insert(target);
                }
            }
        }
        g.insert(module.clone(), deps);
    }
    g
}

/// The text with every `#[cfg(test)]` item (a `mod tests { … }` block or a
/// single item) removed.
fn without_test_items(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        // The item ends at its first `;` or at the brace that closes its
        // first `{`, whichever comes first.
        let mut depth = 0usize;
        let mut end = item.len();
        for (i, c) in item.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

/// Every path `text` refers to: those its `use` declarations name, groups
/// expanded (`use super::{a, b::{c, d as e}};` gives `super::a`,
/// `super::b::c`, `super::b::d`), and those written inline in code
/// (`super::view::case_rows(…)`, `update::open_claim(…)`), with `use`
/// aliases (`strings as S`) put back.
fn references(text: &str) -> Vec<String> {
    let toks = tokens(text);
    let mut out = Vec::new();
    let mut aliases: BTreeMap<String, String> = BTreeMap::new();
    let mut i = 0;
    while i < toks.len() {
        let prev = i.checked_sub(1).map(|p| toks[p].as_str());
        if toks[i] == "use" && prev.is_none_or(|p| matches!(p, ";" | "{" | "}" | ")" | "pub" | "]"))
        {
            let end = toks[i..]
                .iter()
                .position(|t| t == ";")
                .map_or(toks.len(), |p| i + p);
            let mut pos = i + 1;
            tree(&toks[..end], &mut pos, &[], &mut out, &mut aliases);
            i = end;
            continue;
        }
        let starts_path = toks.get(i + 1).is_some_and(|t| t == "::")
            && prev != Some("::")
            && toks[i].chars().all(|c| c.is_alphanumeric() || c == '_');
        if starts_path {
            let mut path = vec![aliases.get(&toks[i]).cloned().unwrap_or(toks[i].clone())];
            let mut j = i + 1;
            while toks.get(j).is_some_and(|t| t == "::")
                && toks
                    .get(j + 1)
                    .is_some_and(|t| t.chars().all(|c| c.is_alphanumeric() || c == '_'))
            {
                path.push(toks[j + 1].clone());
                j += 2;
            }
            out.push(path.join("::"));
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// Identifiers, `::` and single punctuation characters; comments and
/// string and char literals are skipped, so UI text or a doc comment that
/// says "use …" is not read as code.
fn tokens(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = code.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        i += 1;
        if c.is_alphanumeric() || c == '_' {
            cur.push(c);
            continue;
        }
        let raw = c == '#' && (cur == "r" || cur == "br");
        if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        match c {
            '/' if chars.get(i) == Some(&'/') => {
                while chars.get(i).is_some_and(|&d| d != '\n') {
                    i += 1;
                }
            }
            '/' if chars.get(i) == Some(&'*') => {
                while i < chars.len() && !(chars[i - 1] == '*' && chars[i] == '/') {
                    i += 1;
                }
                i += 1;
            }
            '"' | '#' if raw || c == '"' => {
                // A string: to the unescaped closing quote, or for r#"…"#
                // to the quote followed by as many hashes as opened it.
                let mut hashes = usize::from(raw);
                while raw && chars.get(i) == Some(&'#') {
                    hashes += 1;
                    i += 1;
                }
                if raw {
                    i += 1; // the opening quote
                }
                while let Some(&d) = chars.get(i) {
                    i += 1;
                    if d == '\\' && !raw {
                        i += 1;
                    } else if d == '"' && (0..hashes).all(|k| chars.get(i + k) == Some(&'#')) {
                        i += hashes;
                        break;
                    }
                }
            }
            '\'' => {
                // A char literal ('x', '\n', '\u{..}'), or a lifetime.
                if chars.get(i) == Some(&'\\') {
                    while chars.get(i).is_some_and(|&d| d != '\'') {
                        i += 1;
                    }
                    i += 1;
                } else if chars.get(i + 1) == Some(&'\'') {
                    i += 2;
                }
            }
            ':' if chars.get(i) == Some(&':') => {
                i += 1;
                out.push("::".to_string());
            }
            c if !c.is_whitespace() => out.push(c.to_string()),
            _ => {}
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Parses one use tree at `toks[*pos]` under `prefix`, pushing the paths
/// it names (aliases dropped, `self` meaning the prefix itself).
fn tree(
    toks: &[String],
    pos: &mut usize,
    prefix: &[String],
    out: &mut Vec<String>,
    aliases: &mut BTreeMap<String, String>,
) {
    let mut path: Vec<String> = prefix.to_vec();
    while let Some(t) = toks.get(*pos) {
        match t.as_str() {
            "::" => *pos += 1,
            "{" => {
                *pos += 1;
                while toks.get(*pos).is_some_and(|t| t != "}") {
                    tree(toks, pos, &path, out, aliases);
                    if toks.get(*pos).is_some_and(|t| t == ",") {
                        *pos += 1;
                    }
                }
                *pos += 1;
                return;
            }
            "*" => {
                *pos += 1;
                out.push(path.join("::"));
                return;
            }
            "," | "}" => break,
            "as" => {
                if let Some(alias) = toks.get(*pos + 1) {
                    aliases.insert(alias.clone(), path.join("::"));
                }
                *pos += 2;
                break;
            }
            "self" if !path.is_empty() => *pos += 1,
            _ => {
                path.push(t.clone());
                *pos += 1;
            }
        }
    }
    out.push(path.join("::"));
}

/// The file a use path names, as a module path, or `None` for paths into
/// other crates.
fn resolve(module: &str, path: &str, files: &BTreeMap<String, String>) -> Option<String> {
    let mut segs: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<&str> = match segs.first().copied() {
        Some("crate") => {
            segs.remove(0);
            vec!["crate"]
        }
        Some("super") | Some("self") => {
            let mut b: Vec<&str> = module.split("::").collect();
            while let Some(&s) = segs.first() {
                match s {
                    "super" => {
                        b.pop();
                    }
                    "self" => {}
                    _ => break,
                }
                segs.remove(0);
            }
            b
        }
        // A child module of this one (`use app::Model;` in tui/mod.rs).
        Some(first) if files.contains_key(&format!("{module}::{first}")) => {
            module.split("::").collect()
        }
        _ => return None,
    };
    // The longest prefix of the path that is a file (`use super::Item;`
    // names the parent module's file).
    let mut best = files
        .contains_key(&base.join("::"))
        .then(|| base.join("::"));
    for s in segs {
        base.push(s);
        let m = base.join("::");
        if files.contains_key(&m) {
            best = Some(m);
        }
    }
    best
}

/// One actual circle through the first file of component `scc`, closed
/// (`a → b → a`), found breadth-first so it is a shortest one.
fn shortest_cycle(g: &BTreeMap<String, BTreeSet<String>>, scc: &[String]) -> Vec<String> {
    let Some(start) = scc.first() else {
        return Vec::new();
    };
    let mut came_from: BTreeMap<&String, &String> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for u in g.get(v).into_iter().flatten() {
            if u == start {
                let mut path = vec![u.clone(), v.clone()];
                let mut at = v;
                while let Some(p) = came_from.get(at) {
                    path.push((*p).clone());
                    at = p;
                }
                path.reverse();
                return path;
            }
            if scc.contains(u) && !came_from.contains_key(u) && u != start {
                came_from.insert(u, v);
                queue.push_back(u);
            }
        }
    }
    scc.to_vec()
}

/// The import circles of the graph: its strongly connected components of
/// more than one file (Tarjan), each sorted, in sorted order.
fn circles(g: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        g: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(w: &mut Walk<'a>, v: &'a str) {
        w.index.insert(v, w.next);
        w.low.insert(v, w.next);
        w.next += 1;
        w.stack.push(v);
        w.on_stack.insert(v);
        let g = w.g;
        for u in g.get(v).into_iter().flatten() {
            let u = u.as_str();
            if !g.contains_key(u) {
                continue;
            }
            if !w.index.contains_key(u) {
                visit(w, u);
                let lu = w.low[u];
                let lv = w.low[v];
                w.low.insert(v, lv.min(lu));
            } else if w.on_stack.contains(u) {
                let iu = w.index[u];
                let lv = w.low[v];
                w.low.insert(v, lv.min(iu));
            }
        }
        if w.low[v] == w.index[v] {
            let mut comp = Vec::new();
            while let Some(x) = w.stack.pop() {
                w.on_stack.remove(x);
                comp.push(x.to_string());
                if x == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                w.out.push(comp);
            }
        }
    }
    let mut w = Walk {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in g.keys() {
        if !w.index.contains_key(v.as_str()) {
            visit(&mut w, v);
        }
    }
    w.out.sort();
    w.out
}
