//! A linear pre-scan that refuses documents nested too deeply or holding
//! too many nodes before the parser sees them. The parser's scanner does
//! work proportional to the flow nesting depth for every token, so a
//! 200 KB file of `[[[…` or `{b: {b: …` took tens of seconds even though
//! the parser's own recursion limit refused it in the end.
//!
//! The scan follows YAML's tokens only as far as needed to tell structure
//! from text (quoted and plain scalars, block scalars, comments). Where it
//! is unsure it counts a bracket as structure: a false alarm needs 64
//! unclosed brackets in one document, which factdesk never writes.
//!
//! The same pass refuses YAML tags (`!!binary`, `!!set`, `!foo`): factdesk
//! files are plain YAML, and the parser would otherwise read a tagged value
//! silently as something else (or drop the tag).

/// Deepest nesting (block levels plus flow brackets) a document may have;
/// factdesk writes at most about 6.
pub const MAX_DEPTH: usize = 64;
/// Most keys, items and flow collections a document may have.
pub const MAX_NODES: usize = 100_000;

/// What the scan refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A limit (depth or node count) was crossed.
    Limit,
    /// A YAML tag, which factdesk files never hold.
    Tag,
}

/// Which limit a document crossed (or which tag it holds), and where
/// (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Crossed {
    /// Why the document was refused.
    pub refusal: Refusal,
    /// What was crossed, in words.
    pub what: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
}

/// Where the scan is between tokens.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Block context, at the start of a line.
    Block,
    /// Inside flow brackets.
    Flow,
}

struct Scan {
    /// Columns of the enclosing block nodes (indentation and `- ` items).
    levels: Vec<usize>,
    /// Open flow brackets.
    flow: usize,
    /// Inside a quoted scalar that began on an earlier line.
    quote: Option<u8>,
    /// Inside a flow plain scalar (quotes there are text).
    flow_plain: bool,
    /// A block plain scalar may continue on lines indented deeper than this.
    plain_owner: Option<isize>,
    /// Lines indented deeper than this are block scalar text.
    block_owner: Option<isize>,
    nodes: usize,
}

/// Checks `src` against [`MAX_DEPTH`] and [`MAX_NODES`] in one pass.
pub fn check(src: &str) -> Result<(), Crossed> {
    let mut s = Scan {
        levels: Vec::new(),
        flow: 0,
        quote: None,
        flow_plain: false,
        plain_owner: None,
        block_owner: None,
        nodes: 0,
    };
    for (n, line) in lines(src).enumerate() {
        s.line(line).map_err(|(refusal, what, at)| Crossed {
            refusal,
            what,
            line: n + 1,
            column: line[..at].chars().count() + 1,
        })?;
    }
    Ok(())
}

/// The lines of `src`, split at every YAML line break (`\r\n` is one).
fn lines(src: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(src);
    std::iter::from_fn(move || {
        let r = rest?;
        match line_break(r.as_bytes()) {
            Some(i) => {
                let brk = if r[i..].starts_with("\r\n") {
                    2
                } else {
                    r[i..].chars().next().map_or(1, char::len_utf8)
                };
                rest = Some(&r[i + brk..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Where the first YAML line break in `b` starts: `\n`, `\r`, NEL
/// (`C2 85`), LS or PS (`E2 80 A8`, `E2 80 A9`). Two SIMD searches (for
/// `\n`/`\r`, then for a lead byte of the others before it) instead of a
/// byte loop, which was a fifth of the pre-scan, itself a tenth of `check`.
fn line_break(b: &[u8]) -> Option<usize> {
    let end = memchr::memchr2(b'\n', b'\r', b);
    let head = &b[..end.unwrap_or(b.len())];
    let mut from = 0;
    while let Some(i) = memchr::memchr2(0xC2, 0xE2, &head[from..]).map(|i| from + i) {
        match (b[i], b.get(i + 1), b.get(i + 2)) {
            (0xC2, Some(0x85), _) | (0xE2, Some(0x80), Some(0xA8 | 0xA9)) => return Some(i),
            _ => from = i + 1,
        }
    }
    end
}

fn blank(b: Option<&u8>) -> bool {
    matches!(b, None | Some(b' ' | b'\t'))
}

fn flow_indicator(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

type Fail = (Refusal, String, usize);

impl Scan {
    fn depth_at(&self, at: usize) -> Result<(), Fail> {
        let depth = self.levels.len() + self.flow;
        if depth > MAX_DEPTH {
            return Err((
                Refusal::Limit,
                format!("nested more than {MAX_DEPTH} levels deep"),
                at,
            ));
        }
        Ok(())
    }

    fn node(&mut self, at: usize) -> Result<(), Fail> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err((
                Refusal::Limit,
                format!("more than {MAX_NODES} keys and items"),
                at,
            ));
        }
        Ok(())
    }

    /// Scans one line.
    fn line(&mut self, line: &str) -> Result<(), Fail> {
        let b = line.as_bytes();
        let mut i = 0;
        if let Some(q) = self.quote {
            match close_quote(b, 0, q) {
                Some(end) => {
                    self.quote = None;
                    i = end;
                }
                None => return Ok(()),
            }
        }
        let mut mode = if self.flow > 0 {
            Mode::Flow
        } else {
            Mode::Block
        };
        if mode == Mode::Block && i == 0 {
            let indent = b.iter().take_while(|&&c| c == b' ').count();
            let text = &b[indent..];
            let empty = text.iter().all(|c| matches!(c, b' ' | b'\t'));
            if let Some(owner) = self.block_owner {
                if empty || indent as isize > owner {
                    return Ok(());
                }
                self.block_owner = None;
            }
            if empty {
                return Ok(());
            }
            if text[0] == b'#' {
                self.plain_owner = None;
                return Ok(());
            }
            if let Some(owner) = self.plain_owner {
                if indent as isize > owner {
                    // A continuation of a plain scalar: text, up to a comment.
                    if line.contains(" #") || line.contains("\t#") {
                        self.plain_owner = None;
                    }
                    return Ok(());
                }
                self.plain_owner = None;
            }
            while self.levels.last().is_some_and(|&l| l >= indent) {
                self.levels.pop();
            }
            let parent = self.levels.last().map_or(-1, |&l| l as isize);
            self.levels.push(indent);
            self.depth_at(indent)?;
            i = indent;
            return self.block_tokens(b, i, parent);
        }
        if mode == Mode::Block {
            // After a multi-line quoted scalar closed, in block context.
            let owner = self.levels.last().map_or(-1, |&l| l as isize);
            return self.block_tokens(b, i, owner);
        }
        while i < b.len() {
            if mode == Mode::Block {
                let owner = self.levels.last().map_or(-1, |&l| l as isize);
                return self.block_tokens(b, i, owner);
            }
            i = self.flow_token(b, i)?;
            if self.flow == 0 && self.quote.is_none() {
                mode = Mode::Block;
            }
        }
        Ok(())
    }

    /// Block-context tokens from `i` to the end of the line; `owner` is the
    /// column a scalar starting here belongs to.
    fn block_tokens(&mut self, b: &[u8], mut i: usize, mut owner: isize) -> Result<(), Fail> {
        loop {
            while matches!(b.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
            let Some(&c) = b.get(i) else { return Ok(()) };
            match c {
                b'#' => return Ok(()),
                b'-' | b'?' if blank(b.get(i + 1)) => {
                    if c == b'-' {
                        self.node(i)?;
                    }
                    owner = i as isize;
                    i += 1;
                    while matches!(b.get(i), Some(b' ' | b'\t')) {
                        i += 1;
                    }
                    if i < b.len() {
                        self.levels.push(i);
                        self.depth_at(i)?;
                    }
                }
                b':' if blank(b.get(i + 1)) => i += 1,
                b'&' | b'!' | b'*' => i = property(b, i)?,
                b'[' | b'{' => {
                    // Flow context from here; the rest of the line is flow.
                    while i < b.len() {
                        i = self.flow_token(b, i)?;
                        if self.flow == 0 && self.quote.is_none() {
                            break;
                        }
                    }
                }
                b'"' | b'\'' => match close_quote(b, i + 1, c) {
                    Some(end) => i = end,
                    None => {
                        self.quote = Some(c);
                        return Ok(());
                    }
                },
                b'|' | b'>' => {
                    self.block_owner = Some(owner.max(0));
                    return Ok(());
                }
                b'%' if i == 0 => return Ok(()),
                _ => {
                    // A plain scalar: up to `: ` (then it was a key) or ` #`.
                    let start = i;
                    loop {
                        match b.get(i) {
                            None => {
                                self.plain_owner = Some(owner);
                                return Ok(());
                            }
                            Some(b':') if blank(b.get(i + 1)) => {
                                self.node(start)?;
                                owner = start as isize;
                                i += 1;
                                break;
                            }
                            Some(b' ' | b'\t') if b.get(i + 1) == Some(&b'#') => return Ok(()),
                            _ => i += 1,
                        }
                    }
                }
            }
        }
    }

    /// One flow-context token at `i`; returns where the next one starts.
    fn flow_token(&mut self, b: &[u8], mut i: usize) -> Result<usize, Fail> {
        if let Some(q) = self.quote {
            return Ok(match close_quote(b, i, q) {
                Some(end) => {
                    self.quote = None;
                    end
                }
                None => b.len(),
            });
        }
        let c = b[i];
        if self.flow_plain {
            // Inside a plain scalar: it ends at a flow indicator, `: ` or ` #`.
            match c {
                _ if flow_indicator(c) => self.flow_plain = false,
                b':' if b
                    .get(i + 1)
                    .is_none_or(|&n| n == b' ' || n == b'\t' || flow_indicator(n)) =>
                {
                    self.flow_plain = false;
                }
                b' ' | b'\t' if b.get(i + 1) == Some(&b'#') => {
                    self.flow_plain = false;
                    return Ok(b.len());
                }
                _ => return Ok(i + 1),
            }
        }
        match c {
            b' ' | b'\t' => i += 1,
            b'#' => return Ok(b.len()),
            b'[' | b'{' => {
                self.flow += 1;
                self.node(i)?;
                self.depth_at(i)?;
                i += 1;
            }
            b']' | b'}' => {
                self.flow = self.flow.saturating_sub(1);
                i += 1;
            }
            b',' => {
                self.node(i)?;
                i += 1;
            }
            b':' | b'?' | b'-' if blank(b.get(i + 1)) => i += 1,
            b':' if b.get(i + 1).is_some_and(|&n| flow_indicator(n)) => i += 1,
            b'&' | b'!' | b'*' => i = property(b, i)?,
            b'"' | b'\'' => match close_quote(b, i + 1, c) {
                Some(end) => i = end,
                None => {
                    self.quote = Some(c);
                    i = b.len();
                }
            },
            _ => {
                self.flow_plain = true;
                i += 1;
            }
        }
        Ok(i)
    }
}

/// Skips an anchor (`&a`), alias (`*a`) or tag at `i`; returns where it
/// ends, or refuses a tag.
fn property(b: &[u8], mut i: usize) -> Result<usize, Fail> {
    let start = i;
    while b
        .get(i)
        .is_some_and(|&c| !matches!(c, b' ' | b'\t') && !flow_indicator(c))
    {
        i += 1;
    }
    if b[start] == b'!' {
        let tag: String = String::from_utf8_lossy(&b[start..i])
            .chars()
            .take(40)
            .collect();
        return Err((
            Refusal::Tag,
            format!("YAML tag `{tag}` is not allowed: factdesk files are plain YAML"),
            start,
        ));
    }
    Ok(i)
}

/// Where a quoted scalar opened with `q` ends (just past its closing
/// quote), searching from `i`; `None` when it goes on to the next line.
fn close_quote(b: &[u8], mut i: usize, q: u8) -> Option<usize> {
    while i < b.len() {
        match b[i] {
            b'\\' if q == b'"' => i += 2,
            b'\'' if q == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == q => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crossed(src: &str) -> Crossed {
        check(src).expect_err(src.get(..40).unwrap_or(src))
    }

    /// Lines split at exactly YAML's breaks, as a search by `char` splits
    /// them; look-alike bytes (NBSP `C2 A0`, `’` `E2 80 99`, `…`) are text.
    #[test]
    fn lines_split_at_yaml_breaks_only() {
        let by_char = |src: &str| -> Vec<String> {
            let mut out = Vec::new();
            let mut r = src;
            loop {
                match r.find(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
                    Some(i) => {
                        out.push(r[..i].to_string());
                        let brk = if r[i..].starts_with("\r\n") {
                            2
                        } else {
                            r[i..].chars().next().map_or(1, char::len_utf8)
                        };
                        r = &r[i + brk..];
                    }
                    None => {
                        out.push(r.to_string());
                        return out;
                    }
                }
            }
        };
        for src in [
            "",
            "a",
            "a\nb\r\nc\rd\u{85}e\u{2028}f\u{2029}g",
            "kata\u{a0}’pejabat’ … \u{2027}x\u{2030}\n\n",
            "\u{c2}\u{e2}\u{80}\u{85}end\r",
            "ends with É\u{2028}",
            "’a\u{85}b’\nc’\u{2029}\u{2028}\r\n\u{85}",
        ] {
            let got: Vec<String> = lines(src).map(str::to_string).collect();
            assert_eq!(got, by_char(src), "{src:?}");
        }
    }

    #[test]
    fn deep_flow_and_block_nesting_is_refused_where_it_crosses() {
        let e = crossed(&"[".repeat(100_000));
        assert_eq!((e.line, e.column), (1, MAX_DEPTH), "{e:?}");
        assert!(e.what.contains("nested"), "{e:?}");
        let e = crossed(&"{b: ".repeat(100_000));
        assert_eq!((e.line, e.column), (1, 4 * MAX_DEPTH - 3), "{e:?}");
        let e = crossed(&("- ".repeat(100_000) + "x"));
        assert_eq!(e.line, 1, "{e:?}");
        let mut block = String::new();
        for d in 0..100 {
            block.push_str(&format!("{}b:\n", " ".repeat(d)));
        }
        assert_eq!(crossed(&block).line, MAX_DEPTH + 1);
        // Brackets after an anchor, a tag, or a quoted key still count.
        assert!(check(&format!("a: &x {}", "[".repeat(100))).is_err());
        assert!(check(&format!("a: !t {}", "{".repeat(100))).is_err());
        assert!(check(&format!("[!t{}", "[".repeat(100))).is_err());
        assert!(check(&format!("a: *x {}", "{".repeat(100))).is_err());
        assert!(check(&format!("\"k\": {}", "[".repeat(100))).is_err());
        // Quoted `]` does not close a flow collection.
        let hide = format!(
            "[{}\"{}\" {}",
            "[".repeat(40),
            "]".repeat(50),
            "[".repeat(40)
        );
        assert!(check(&hide).is_err());
        // A quote that is text in a plain scalar hides nothing.
        let plain = format!("a: x\n  'y\nb: {}", "[".repeat(100));
        assert!(check(&plain).is_err());
        let flow_plain = format!("[a'b, {}", "[".repeat(100));
        assert!(check(&flow_plain).is_err());
        // Carriage returns are line breaks too.
        let cr = format!("a: x\r  'y\rb: {}", "[".repeat(100));
        assert!(check(&cr).is_err());
    }

    #[test]
    fn tags_are_refused_where_they_stand() {
        for (src, line, column, tag) in [
            ("a: !!binary aGVsbG8=\n", 1, 4, "!!binary"),
            ("a: 1\nb: !!set {x, y}\n", 2, 4, "!!set"),
            ("- x\n- !foo bar\n", 2, 3, "!foo"),
            ("a: [x, !t y]\n", 1, 8, "!t"),
            ("a: {k: !<tag:x> v}\n", 1, 8, "!<tag:x>"),
            ("!!map\na: 1\n", 1, 1, "!!map"),
            ("a: &x !t v\n", 1, 7, "!t"),
        ] {
            let e = crossed(src);
            assert_eq!(e.refusal, Refusal::Tag, "{src}");
            assert_eq!((e.line, e.column), (line, column), "{src}");
            assert!(e.what.contains(&format!("`{tag}`")), "{src}: {e:?}");
        }
        // An exclamation mark in text is no tag.
        for ok in [
            "a: Wow!\n",
            "a: 'it is !!binary'\n",
            "a: \"!x\"\n",
            "a: |\n  !!binary\n",
            "a: [x!, y]\n",
            "a: one\n  !two\n",
            "# !!binary\na: x # !y\n",
            "url: https://e.example/#!/x\n",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn too_many_nodes_is_refused() {
        let wide = format!("[{}]", "1,".repeat(MAX_NODES + 10));
        assert!(crossed(&wide).what.contains("keys and items"));
        let keys: String = (0..MAX_NODES + 10).map(|i| format!("k{i}: 1\n")).collect();
        assert_eq!(crossed(&keys).line, MAX_NODES + 1);
    }

    #[test]
    fn ordinary_documents_pass() {
        let brackets = "[".repeat(100);
        for ok in [
            "id: c01\ntext: \"He said [[[ twice\"\nnote: it's [ not { closed\n".to_string(),
            format!("notes: |-\n  {brackets}\n  - x\nstatus: open\n"),
            format!("text: >\n  {brackets}\n\nid: x\n"),
            format!("text: one\n  two {brackets}\nid: x\n"),
            format!("t: 'it''s {brackets}'\nq: \"a\\\" {brackets}\"\n"),
            format!("t: \"multi\n  line {brackets}\"\nu: 1\n"),
            format!("a: [x, '{brackets}', \"{brackets}\", {{k: v}}] # {brackets}\n"),
            format!("# {brackets}\nsteps:\n- id: a\n  state: done\n- - x\n  - y\n"),
            "chain: [a, b]\nmore: {x: [1, [2, [3]]]}\n".to_string(),
        ] {
            assert_eq!(check(&ok), Ok(()), "{ok}");
        }
    }
}
