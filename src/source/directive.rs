//! Splits a lesson file into Markdown runs and block directives (`::: name … :::`), as a tree.
//!
//! This layer knows only the directive syntax: names, arguments, attributes, nesting and code
//! fences. What each directive means is decided in [`super::lesson`]. Scanning never fails: it
//! returns the tree and reports malformed lines, closing unclosed blocks at the end of the file.

use crate::diag::{Diagnostic, Diagnostics, Location};

/// One line of a lesson file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number.
    pub no: usize,
    pub text: &'a str,
    /// Inside a fenced code block (so never a directive or an item heading).
    pub in_fence: bool,
}

/// A node of the scanned tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node<'a> {
    /// Consecutive lines of plain Markdown.
    Markdown(Vec<Line<'a>>),
    Directive(Directive<'a>),
}

/// A block directive with its body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive<'a> {
    pub name: &'a str,
    /// The opening line.
    pub line: Line<'a>,
    /// 1-based column of the name on the opening line.
    pub name_column: usize,
    /// The argument word, with its column.
    pub argument: Option<(&'a str, usize)>,
    pub attrs: Attrs,
    pub body: Vec<Node<'a>>,
}

/// Attributes written in braces: `{#id key=value key="some value"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Attrs {
    /// The explicit id and its column.
    pub id: Option<(String, usize)>,
    /// Named values in order, each with the column of its key.
    pub values: Vec<(String, String, usize)>,
}

impl Attrs {
    pub fn get(&self, key: &str) -> Option<&(String, String, usize)> {
        self.values.iter().find(|(k, _, _)| k == key)
    }
}

/// Scans `text` (the contents of `file`) into a tree of nodes.
pub fn scan<'a>(file: &str, text: &'a str, diags: &mut Diagnostics) -> Vec<Node<'a>> {
    let mut scanner = Scanner {
        file,
        root: Vec::new(),
        open: Vec::new(),
        fence: None,
        diags,
    };
    for (i, raw) in text.lines().enumerate() {
        scanner.line(Line {
            no: i + 1,
            text: raw,
            in_fence: false,
        });
    }
    while let Some(d) = scanner.open.pop() {
        scanner.diags.push(
            error_at(
                file,
                d.line,
                d.name_column,
                format!("`{}` block is never closed", d.name),
            )
            .hint("close the block with a line holding only `:::`"),
        );
        scanner.attach(Node::Directive(d));
    }
    scanner.root
}

struct Scanner<'a, 'd> {
    file: &'d str,
    root: Vec<Node<'a>>,
    open: Vec<Directive<'a>>,
    /// The open code fence: its character and length.
    fence: Option<(char, usize)>,
    diags: &'d mut Diagnostics,
}

impl<'a> Scanner<'a, '_> {
    fn line(&mut self, mut line: Line<'a>) {
        if let Some((ch, len)) = self.fence {
            line.in_fence = true;
            if let Some((c, n, rest)) = fence_marker(line.text) {
                if c == ch && n >= len && rest.trim().is_empty() {
                    self.fence = None;
                }
            }
            return self.markdown(line);
        }
        if let Some((c, n, _)) = fence_marker(line.text) {
            self.fence = Some((c, n));
            line.in_fence = true;
            return self.markdown(line);
        }
        match classify(line.text) {
            Classified::Text => self.markdown(line),
            Classified::Closer => match self.open.pop() {
                Some(d) => self.attach(Node::Directive(d)),
                None => self.diags.push(
                    error_at(
                        self.file,
                        line,
                        indent_of(line.text) + 1,
                        "closing `:::` with no open block".into(),
                    )
                    .hint("remove this line, or open a block before it (`::: tabs`)"),
                ),
            },
            Classified::Opener { name_offset } => {
                let d = self.opener(line, name_offset);
                self.open.push(d);
            }
            Classified::Nameless { offset } => self.diags.push(
                error_at(
                    self.file,
                    line,
                    char_column(line.text, offset),
                    "block directive without a name".into(),
                )
                .hint("write the directive name after the colons, e.g. `::: callout note`"),
            ),
        }
    }

    fn markdown(&mut self, line: Line<'a>) {
        let nodes = match self.open.last_mut() {
            Some(d) => &mut d.body,
            None => &mut self.root,
        };
        match nodes.last_mut() {
            Some(Node::Markdown(lines)) => lines.push(line),
            _ => nodes.push(Node::Markdown(vec![line])),
        }
    }

    fn attach(&mut self, node: Node<'a>) {
        match self.open.last_mut() {
            Some(d) => d.body.push(node),
            None => self.root.push(node),
        }
    }

    /// Parses an opening line. A malformed one is reported and still opens its block (without
    /// the malformed part), so that its closing line does not cascade into a second error.
    fn opener(&mut self, line: Line<'a>, name_offset: usize) -> Directive<'a> {
        let text = line.text;
        let after = &text[name_offset..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        let mut rest_offset = name_offset + name_len;
        let mut argument = None;
        let mut attrs = Attrs::default();

        let rest = &text[rest_offset..];
        let trimmed = rest.trim_start();
        rest_offset += rest.len() - trimmed.len();
        if !trimmed.is_empty() && !trimmed.starts_with('{') {
            let len = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
            argument = Some((&trimmed[..len], char_column(text, rest_offset)));
            rest_offset += len;
            let rest = &text[rest_offset..];
            rest_offset += rest.len() - rest.trim_start().len();
        }
        let rest = text[rest_offset..].trim_end();
        if !rest.is_empty() {
            if !rest.starts_with('{') || !rest.ends_with('}') {
                self.diags.push(
                    error_at(
                        self.file,
                        line,
                        char_column(text, rest_offset),
                        format!("unexpected text `{rest}` after the directive"),
                    )
                    .hint("a directive line is `::: name [argument] [{#id key=value}]`"),
                );
            } else {
                match parse_attrs(&rest[1..rest.len() - 1]) {
                    Ok(parsed) => {
                        attrs = parsed.offset_columns(char_column(text, rest_offset + 1) - 1);
                    }
                    Err((msg, col)) => {
                        self.diags.push(
                            error_at(self.file, line, char_column(text, rest_offset + 1) + col - 1, msg)
                                .hint("attributes are `#id`, `key=value` or `key=\"a value\"`, separated by spaces"),
                        );
                    }
                }
            }
        }
        Directive {
            name,
            line,
            name_column: char_column(text, name_offset),
            argument,
            attrs,
            body: Vec::new(),
        }
    }
}

impl Attrs {
    fn offset_columns(mut self, by: usize) -> Attrs {
        if let Some((_, c)) = &mut self.id {
            *c += by;
        }
        for (_, _, c) in &mut self.values {
            *c += by;
        }
        self
    }
}

enum Classified {
    Text,
    Closer,
    Opener { name_offset: usize },
    Nameless { offset: usize },
}

fn indent_of(text: &str) -> usize {
    text.len() - text.trim_start_matches(' ').len()
}

fn classify(text: &str) -> Classified {
    let indent = indent_of(text);
    if indent > 3 {
        return Classified::Text;
    }
    let body = &text[indent..];
    let colons = body.len() - body.trim_start_matches(':').len();
    if colons < 3 {
        return Classified::Text;
    }
    let after = &body[colons..];
    let trimmed = after.trim_start();
    let offset = indent + colons + (after.len() - trimmed.len());
    if trimmed.trim_end().is_empty() {
        Classified::Closer
    } else if trimmed.starts_with(|c: char| c.is_ascii_alphabetic()) {
        Classified::Opener {
            name_offset: offset,
        }
    } else {
        Classified::Nameless { offset }
    }
}

/// A code fence line (up to three spaces, then three or more backticks or tildes): its
/// character, length and the text after it.
fn fence_marker(text: &str) -> Option<(char, usize, &str)> {
    let indent = indent_of(text);
    if indent > 3 {
        return None;
    }
    let body = &text[indent..];
    let ch = body.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = body.len() - body.trim_start_matches(ch).len();
    let rest = &body[n..];
    if n < 3 || (ch == '`' && rest.contains('`')) {
        return None;
    }
    Some((ch, n, rest))
}

/// Parses the inside of `{…}`; on error returns the message and the 1-based column inside.
pub fn parse_attrs(s: &str) -> Result<Attrs, (String, usize)> {
    let mut attrs = Attrs::default();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].1.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let col = start + 1;
        if chars[i].1 == '#' {
            i += 1;
            while i < chars.len() && !chars[i].1.is_whitespace() {
                i += 1;
            }
            let id: String = chars[start + 1..i].iter().map(|(_, c)| c).collect();
            if id.is_empty() {
                return Err(("`#` without an id after it".into(), col));
            }
            if attrs.id.is_some() {
                return Err(("a second `#id`".into(), col));
            }
            attrs.id = Some((id, col));
            continue;
        }
        while i < chars.len()
            && (chars[i].1.is_ascii_alphanumeric() || chars[i].1 == '-' || chars[i].1 == '_')
        {
            i += 1;
        }
        let key: String = chars[start..i].iter().map(|(_, c)| c).collect();
        if key.is_empty() {
            return Err((format!("unexpected `{}` in attributes", chars[i].1), col));
        }
        if i >= chars.len() || chars[i].1 != '=' {
            return Err((format!("attribute `{key}` has no value"), col));
        }
        i += 1;
        let value: String;
        if i < chars.len() && chars[i].1 == '"' {
            i += 1;
            let vstart = i;
            while i < chars.len() && chars[i].1 != '"' {
                i += 1;
            }
            if i >= chars.len() {
                return Err((format!("the value of `{key}` has no closing quote"), col));
            }
            value = chars[vstart..i].iter().map(|(_, c)| c).collect();
            i += 1;
        } else {
            let vstart = i;
            while i < chars.len() && !chars[i].1.is_whitespace() {
                i += 1;
            }
            value = chars[vstart..i].iter().map(|(_, c)| c).collect();
        }
        if attrs.get(&key).is_some() {
            return Err((format!("attribute `{key}` given twice"), col));
        }
        attrs.values.push((key, value, col));
    }
    Ok(attrs)
}

/// 1-based character column of a byte offset in a line.
pub fn char_column(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(offset, |s| s.chars().count()) + 1
}

pub(crate) fn error_at(file: &str, line: Line<'_>, column: usize, message: String) -> Diagnostic {
    Diagnostic::error(message)
        .at(Location::new(file, line.no, column))
        .with_source_line(line.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Prints the tree as one compact line per node, and the diagnostics.
    fn outline(text: &str) -> String {
        let mut diags = Diagnostics::new();
        let nodes = scan("t.md", text, &mut diags);
        let mut out = String::new();
        fn walk(nodes: &[Node<'_>], depth: usize, out: &mut String) {
            for n in nodes {
                let pad = "  ".repeat(depth);
                match n {
                    Node::Markdown(lines) => {
                        let fenced = lines.iter().filter(|l| l.in_fence).count();
                        out.push_str(&format!(
                            "{pad}md {}-{} fenced={fenced}\n",
                            lines[0].no,
                            lines[lines.len() - 1].no
                        ));
                    }
                    Node::Directive(d) => {
                        out.push_str(&format!(
                            "{pad}{}@{}:{} arg={:?} id={:?} vals={:?}\n",
                            d.name,
                            d.line.no,
                            d.name_column,
                            d.argument,
                            d.attrs.id,
                            d.attrs.values
                        ));
                        walk(&d.body, depth + 1, out);
                    }
                }
            }
        }
        walk(&nodes, 0, &mut out);
        for d in diags.iter() {
            out.push_str(&d.short());
            out.push('\n');
        }
        out
    }

    fn check(input: &str, expect: &str) {
        let got = outline(input);
        assert_eq!(got.trim(), expect.trim(), "input:\n{input}");
    }

    #[test]
    fn plain_markdown() {
        check("# T\n\ntext\n", "md 1-3 fenced=0");
    }

    #[test]
    fn directive_with_argument_and_attrs() {
        check(
            "::: callout key-point {#k title=\"A b\"}\nx\n:::\n",
            "callout@1:5 arg=Some((\"key-point\", 13)) id=Some((\"k\", 24)) vals=[(\"title\", \"A b\", 27)]\n  md 2-2 fenced=0",
        );
    }

    #[test]
    fn nesting_and_longer_fences() {
        check(
            "::: tabs\n## A\n:::: callout\nx\n::::\n:::\n",
            "tabs@1:5 arg=None id=None vals=[]\n  md 2-2 fenced=0\n  callout@3:6 arg=None id=None vals=[]\n    md 4-4 fenced=0",
        );
    }

    #[test]
    fn colons_inside_code_fences_are_text() {
        check("```\n::: tabs\n:::\n```\n", "md 1-4 fenced=4");
        check("~~~~\n:::\n~~~\n:::\n~~~~\nafter\n", "md 1-6 fenced=5");
    }

    #[test]
    fn indented_four_spaces_is_code() {
        check("    ::: tabs\n", "md 1-1 fenced=0");
    }

    #[test]
    fn unclosed_and_stray() {
        check(
            "::: tabs\n## A\n",
            "tabs@1:5 arg=None id=None vals=[]\n  md 2-2 fenced=0\nt.md:1:5: error: `tabs` block is never closed",
        );
        check(
            "x\n:::\n",
            "md 1-1 fenced=0\nt.md:2:1: error: closing `:::` with no open block",
        );
    }

    #[test]
    fn malformed_openers() {
        check(
            "::: {#x}\n",
            "t.md:1:5: error: block directive without a name",
        );
        let opened = "tabs@1:5 arg=None id=None vals=[]\n";
        check("::: tabs x b\n:::\n", "tabs@1:5 arg=Some((\"x\", 10)) id=None vals=[]\nt.md:1:12: error: unexpected text `b` after the directive");
        check(
            "::: tabs {#}\n:::\n",
            &format!("{opened}t.md:1:11: error: `#` without an id after it"),
        );
        check(
            "::: tabs {label=\"x}\n:::\n",
            &format!("{opened}t.md:1:11: error: the value of `label` has no closing quote"),
        );
        check(
            "::: tabs {label}\n:::\n",
            &format!("{opened}t.md:1:11: error: attribute `label` has no value"),
        );
        check(
            "::: tabs {.cls}\n:::\n",
            &format!("{opened}t.md:1:11: error: unexpected `.` in attributes"),
        );
        check(
            "::: tabs {a=1 a=2}\n:::\n",
            &format!("{opened}t.md:1:15: error: attribute `a` given twice"),
        );
    }

    #[test]
    fn columns_count_characters() {
        check(
            "::: callout {title=\"é\" #i}\n:::\n",
            "callout@1:5 arg=None id=Some((\"i\", 24)) vals=[(\"title\", \"é\", 14)]",
        );
    }
}
