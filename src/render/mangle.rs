//! Shorter names for the runtime script's own variables, the part of minification that white
//! space removal leaves: every name the script declares inside its functions (parameters, `var`,
//! function names, `catch` bindings) is renamed, the most used first to the shortest names.
//!
//! Renaming is per binding. Each occurrence that is not a property (`a.name`, `{name: …}`) is
//! resolved to the scope that declares it. Each scope then names its own bindings, most used
//! first, with the shortest names that no binding from an enclosing scope used inside it already
//! takes, so sibling functions reuse the same short names and no reference is captured. Two kinds
//! of names keep their spelling: a name used anywhere outside every declaration of it (a global
//! such as `document`, or one the analysis cannot see), and a name declared at the top level (a
//! global other scripts may use). New names are never one of those.
//!
//! It reads the ES5 the runtime is written in (`var`, `function`, no arrow, class, template,
//! destructuring, `let`/`const`, getter, label or `with`). A script with anything else — a
//! course's runtime override may have it — comes back as it was: bigger, never broken. The
//! well-kept minifiers that rename (oxc, swc) take minutes to build; this takes none.

use std::collections::{BTreeMap, BTreeSet};

/// `js` with its local names shortened, or `js` itself when it holds syntax outside the subset.
pub fn mangle(js: &str) -> String {
    match Analysis::of(js) {
        Some(analysis) => analysis.rename(js),
        None => js.to_string(),
    }
}

/// Reserved words (ES5 strict), literals, and words of later syntax this module refuses.
const RESERVED: &[&str] = &[
    "break",
    "case",
    "catch",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "finally",
    "for",
    "function",
    "if",
    "in",
    "instanceof",
    "new",
    "return",
    "switch",
    "this",
    "throw",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "null",
    "true",
    "false",
    "class",
    "const",
    "enum",
    "export",
    "extends",
    "import",
    "super",
    "implements",
    "interface",
    "let",
    "package",
    "private",
    "protected",
    "public",
    "static",
    "yield",
];

/// Words that mean syntax this module does not read (or `eval`, which sees names by spelling).
const REFUSED: &[&str] = &[
    "with", "class", "const", "let", "import", "export", "super", "yield", "async", "await", "of",
    "eval",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Word,
    Number,
    Str,
    Regex,
    Punct,
}

#[derive(Clone, Copy, Debug)]
struct Token<'a> {
    kind: Kind,
    text: &'a str,
    start: usize,
    /// A line break between the previous token and this one.
    newline_before: bool,
}

/// The script's tokens; `None` for a template literal or anything it cannot read.
fn tokenize(js: &str) -> Option<Vec<Token<'_>>> {
    let bytes = js.as_bytes();
    let mut tokens: Vec<Token> = Vec::new();
    let mut i = 0;
    let mut newline = false;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        if c == b'\n' || c == b'\r' {
            newline = true;
            i += 1;
            continue;
        }
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'/' && bytes.get(i + 1) == Some(&b'*') {
            let end = js[i + 2..].find("*/")? + i + 4;
            newline |= js[i..end].contains('\n');
            i = end;
            continue;
        }
        let kind;
        if c.is_ascii_alphabetic() || c == b'_' || c == b'$' {
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'$'))
            {
                i += 1;
            }
            kind = Kind::Word;
        } else if c.is_ascii_digit()
            || (c == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            while i < bytes.len() {
                let d = bytes[i];
                if matches!(d, b'e' | b'E') && matches!(bytes.get(i + 1), Some(b'+' | b'-')) {
                    i += 2;
                } else if d.is_ascii_alphanumeric() || d == b'.' || d == b'_' {
                    i += 1;
                } else {
                    break;
                }
            }
            kind = Kind::Number;
        } else if c == b'\'' || c == b'"' {
            i += 1;
            loop {
                match bytes.get(i)? {
                    b'\\' => i += 2,
                    &d if d == c => break,
                    b'\n' => return None,
                    _ => i += 1,
                }
            }
            i += 1;
            kind = Kind::Str;
        } else if c == b'`' || !c.is_ascii() {
            return None;
        } else if c == b'/' && regex_allowed(tokens.last()) {
            i += 1;
            let mut class = false;
            loop {
                match bytes.get(i)? {
                    b'\\' => i += 2,
                    b'[' => {
                        class = true;
                        i += 1
                    }
                    b']' => {
                        class = false;
                        i += 1
                    }
                    b'/' if !class => break,
                    b'\n' => return None,
                    _ => i += 1,
                }
            }
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            kind = Kind::Regex;
        } else {
            // Punctuators: the longest of those that matter here, else one character.
            let rest = &js[i..];
            let len = ["...", "=>", "?.", "**"]
                .iter()
                .find(|p| rest.starts_with(**p))
                .map_or(1, |p| p.len());
            i += len;
            kind = Kind::Punct;
        }
        tokens.push(Token {
            kind,
            text: &js[start..i],
            start,
            newline_before: newline,
        });
        newline = false;
    }
    Some(tokens)
}

/// Whether a `/` after this token starts a regular expression (else it divides).
fn regex_allowed(prev: Option<&Token>) -> bool {
    match prev {
        None => true,
        Some(t) => match t.kind {
            Kind::Number | Kind::Str | Kind::Regex => false,
            Kind::Word => matches!(
                t.text,
                "return"
                    | "typeof"
                    | "instanceof"
                    | "in"
                    | "new"
                    | "delete"
                    | "void"
                    | "throw"
                    | "case"
                    | "do"
                    | "else"
            ),
            Kind::Punct => !matches!(t.text, ")" | "]"),
        },
    }
}

/// An open bracket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    /// `(`; a function's parameter list names the function's scope.
    Paren(Option<usize>),
    Bracket,
    /// A function's body, opening its scope.
    Function(usize),
    /// A `catch` block, the scope of its binding.
    Catch(usize),
    /// Any other block (`if`, `for`, `switch`, `try`…): in ES5 no scope of its own.
    Block,
    /// An object literal: `key: value` pairs.
    Object,
}

struct Scope {
    parent: Option<usize>,
    /// A function's scope (`var` declarations land there), not a catch block's.
    function: bool,
    declared: BTreeSet<String>,
}

/// A `var` statement being read.
struct VarList {
    /// Bracket depth of the statement: its commas at this depth separate declarations.
    depth: usize,
    /// Whether the next word is a declared name.
    expect_name: bool,
}

/// Keywords after which a `{` opens an object literal (an expression follows them).
const BEFORE_EXPRESSION: &[&str] = &[
    "return",
    "typeof",
    "in",
    "case",
    "void",
    "delete",
    "throw",
    "new",
    "instanceof",
];

/// The renaming of one script: the occurrences to rename and the new names.
struct Analysis {
    /// (byte offset, length, new name) of each occurrence to rename, in order.
    occurrences: Vec<(usize, usize, String)>,
}

impl Analysis {
    /// Reads the scopes and names of `js`; `None` when it holds syntax outside the subset.
    fn of(js: &str) -> Option<Analysis> {
        let tokens = tokenize(js)?;
        let mut scopes = vec![Scope {
            parent: None,
            function: true,
            declared: BTreeSet::new(),
        }];
        let mut scope = 0;
        let mut stack: Vec<Open> = Vec::new();
        let mut var: Option<VarList> = None;
        // The `var` lists of the functions around, each waiting for its function's body to end.
        let mut outer_vars: Vec<Option<VarList>> = Vec::new();
        // A `function` whose parameter list comes next, and the body to open after it.
        let mut function_next: Option<usize> = None;
        let mut body_next: Option<Open> = None;
        // A `catch` whose binding comes next.
        let mut catch_next: Option<usize> = None;
        // `case`/`default` waiting for their `:`, and whether the last token was that `:`.
        let mut case_colons = 0usize;
        let mut case_colon = false;
        // (byte offset, name, scope) of every word in a variable's place.
        let mut uses: Vec<(usize, &str, usize)> = Vec::new();

        for (k, t) in tokens.iter().enumerate() {
            let prev = k.checked_sub(1).map(|p| tokens[p]);
            let prev_text = prev.map_or("", |p| p.text);
            let next = tokens.get(k + 1).copied();
            let next_text = next.map_or("", |n| n.text);
            let after_case_colon = std::mem::take(&mut case_colon);
            let depth = stack.len();
            // A `var` list ends at `;` or `in` at its depth, at a bracket closing below it, or
            // at a line break between two complete expressions (automatic semicolon insertion).
            if let Some(v) = &var {
                let complete = prev
                    .is_some_and(|p| p.kind != Kind::Punct || matches!(p.text, ")" | "]" | "}"));
                if (depth == v.depth && matches!(t.text, ";" | "in"))
                    || (depth <= v.depth && matches!(t.text, ")" | "]" | "}"))
                    || (depth == v.depth
                        && !v.expect_name
                        && t.newline_before
                        && complete
                        && t.kind != Kind::Punct)
                {
                    var = None;
                }
            }
            let in_object = stack.last() == Some(&Open::Object);
            // A key must be a word, string or number followed by `:`: no shorthand, method,
            // getter, computed key or spread.
            if in_object && matches!(prev_text, "{" | ",") && t.text != "}" {
                if t.kind == Kind::Punct || t.kind == Kind::Regex || next_text != ":" {
                    return None;
                }
                continue;
            }
            match t.kind {
                Kind::Punct => match t.text {
                    "=>" | "..." | "?." | "**" | "@" | "#" | "\\" => return None,
                    "(" => match function_next.take() {
                        Some(inner) => {
                            stack.push(Open::Paren(Some(inner)));
                            body_next = Some(Open::Function(inner));
                        }
                        None => stack.push(Open::Paren(None)),
                    },
                    "[" => stack.push(Open::Bracket),
                    ")" | "]" => {
                        let opened = stack.pop()?;
                        match (t.text, opened) {
                            (")", Open::Paren(header)) => {
                                if let Some(c) = catch_next.take() {
                                    body_next = Some(Open::Catch(c));
                                }
                                if (header.is_some() || body_next.is_some()) && next_text != "{" {
                                    return None;
                                }
                            }
                            ("]", Open::Bracket) => {}
                            _ => return None,
                        }
                    }
                    "{" => {
                        let open = if let Some(body) = body_next.take() {
                            if let Open::Function(s) | Open::Catch(s) = body {
                                scope = s;
                            }
                            if let Open::Function(_) = body {
                                outer_vars.push(var.take());
                            }
                            body
                        } else if after_case_colon
                            || matches!(
                                prev_text,
                                "" | ";" | "{" | "}" | ")" | "else" | "try" | "finally" | "do"
                            )
                        {
                            Open::Block
                        } else if prev.is_some_and(|p| p.kind == Kind::Word)
                            && !BEFORE_EXPRESSION.contains(&prev_text)
                        {
                            return None; // a label's block, or a missing semicolon
                        } else {
                            Open::Object
                        };
                        stack.push(open);
                    }
                    "}" => match stack.pop()? {
                        Open::Function(_) => {
                            scope = scopes[scope].parent?;
                            var = outer_vars.pop()?;
                        }
                        Open::Catch(_) => scope = scopes[scope].parent?,
                        Open::Block | Open::Object => {}
                        _ => return None,
                    },
                    ":" if case_colons > 0 && !in_object => {
                        case_colons -= 1;
                        case_colon = true;
                    }
                    "," => {
                        if let Some(v) = &mut var {
                            if depth == v.depth {
                                v.expect_name = true;
                            }
                        }
                    }
                    "=" => {
                        if let Some(v) = &mut var {
                            v.expect_name = false;
                        }
                    }
                    _ => {}
                },
                Kind::Number | Kind::Str | Kind::Regex => {}
                Kind::Word => {
                    if prev_text == "." {
                        continue; // a property
                    }
                    if REFUSED.contains(&t.text) {
                        return None;
                    }
                    if RESERVED.contains(&t.text) {
                        match t.text {
                            "var" => {
                                if var.is_some() {
                                    return None;
                                }
                                var = Some(VarList {
                                    depth,
                                    expect_name: true,
                                });
                            }
                            "function" => {
                                let declaration = matches!(prev_text, "" | ";" | "{" | "}");
                                if declaration
                                    && !matches!(stack.last(), None | Some(Open::Function(_)))
                                {
                                    return None; // declared in a block: block-scoped in ES2015
                                }
                                scopes.push(Scope {
                                    parent: Some(scope),
                                    function: true,
                                    declared: BTreeSet::new(),
                                });
                                let inner = scopes.len() - 1;
                                match next {
                                    Some(n) if n.kind == Kind::Word => {
                                        if RESERVED.contains(&n.text) || REFUSED.contains(&n.text) {
                                            return None;
                                        }
                                        // A declaration binds its name where it stands; an
                                        // expression, inside itself.
                                        let home = if declaration { scope } else { inner };
                                        scopes[home].declared.insert(n.text.to_string());
                                        uses.push((n.start, n.text, home));
                                    }
                                    _ if next_text == "(" => {}
                                    _ => return None,
                                }
                                function_next = Some(inner);
                            }
                            "catch" => {
                                if next_text != "(" {
                                    return None;
                                }
                                scopes.push(Scope {
                                    parent: Some(scope),
                                    function: false,
                                    declared: BTreeSet::new(),
                                });
                                catch_next = Some(scopes.len() - 1);
                            }
                            "case" => case_colons += 1,
                            "default" if next_text == ":" => case_colons += 1,
                            "break" | "continue"
                                if next.is_some_and(|n| {
                                    n.kind == Kind::Word
                                        && !n.newline_before
                                        && !RESERVED.contains(&n.text)
                                }) =>
                            {
                                return None; // a label
                            }
                            _ => {}
                        }
                        continue;
                    }
                    if prev_text == "function" {
                        continue; // its name, recorded with the `function`
                    }
                    if next_text == ":" && matches!(prev_text, "" | ";" | "{" | "}") {
                        return None; // a label
                    }
                    if let Some(Open::Paren(Some(s))) = stack.last() {
                        // A parameter: `(a, b)`, no default, pattern or rest.
                        if !matches!(prev_text, "(" | ",") || !matches!(next_text, "," | ")") {
                            return None;
                        }
                        scopes[*s].declared.insert(t.text.to_string());
                        uses.push((t.start, t.text, *s));
                        continue;
                    }
                    if let Some(c) = catch_next {
                        if prev_text != "(" || next_text != ")" {
                            return None;
                        }
                        scopes[c].declared.insert(t.text.to_string());
                        uses.push((t.start, t.text, c));
                        continue;
                    }
                    if let Some(v) = &mut var {
                        if v.expect_name && depth == v.depth {
                            v.expect_name = false;
                            let f = function_scope(&scopes, scope);
                            if catch_binds(&scopes, scope, f, t.text) {
                                return None; // `var e` inside `catch (e)`: two bindings, one name
                            }
                            scopes[f].declared.insert(t.text.to_string());
                        }
                    }
                    uses.push((t.start, t.text, scope));
                }
            }
        }
        if !stack.is_empty() || scope != 0 {
            return None;
        }
        Some(Analysis::assign(&scopes, uses))
    }

    /// New names: per scope, its most used names first, each the shortest name that no
    /// binding around it used inside it needs (so sibling functions reuse the same short names).
    fn assign(scopes: &[Scope], uses: Vec<(usize, &str, usize)>) -> Analysis {
        // Each occurrence's binding: the scope that declares it.
        let resolved: Vec<Option<usize>> = uses
            .iter()
            .map(|&(_, name, s)| declared_in_chain(scopes, s, name))
            .collect();
        // Kept: a name with an occurrence outside every declaration of it, or declared at the
        // top level (a global). New names never take one of these.
        let mut kept: BTreeSet<&str> = scopes[0].declared.iter().map(String::as_str).collect();
        for (&(_, name, _), binding) in uses.iter().zip(&resolved) {
            if binding.is_none() {
                kept.insert(name);
            }
        }
        // Per scope: the bindings of scopes around it that are used inside it, and how often
        // each binding is used.
        let mut used_inside: Vec<BTreeSet<(usize, &str)>> = vec![BTreeSet::new(); scopes.len()];
        let mut counts: BTreeMap<(usize, &str), usize> = BTreeMap::new();
        for (&(_, name, mut s), binding) in uses.iter().zip(&resolved) {
            let Some(d) = *binding else { continue };
            *counts.entry((d, name)).or_default() += 1;
            while s != d {
                used_inside[s].insert((d, name));
                s = scopes[s].parent.unwrap_or(d);
            }
        }
        // Scopes are numbered outside in: a scope's outer bindings are named before it.
        let mut map: BTreeMap<(usize, &str), String> = BTreeMap::new();
        for (s, scope) in scopes.iter().enumerate().skip(1) {
            let mut taken: BTreeSet<String> = used_inside[s]
                .iter()
                .filter_map(|b| map.get(b).cloned())
                .collect();
            let mut own: Vec<(&str, usize)> = scope
                .declared
                .iter()
                .map(String::as_str)
                .filter(|n| !kept.contains(n))
                .map(|n| (n, counts.get(&(s, n)).copied().unwrap_or(0)))
                .collect();
            own.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let mut fresh = names().filter(|n| {
                !kept.contains(n.as_str())
                    && !RESERVED.contains(&n.as_str())
                    && !REFUSED.contains(&n.as_str())
            });
            for (name, _) in own {
                let new = fresh
                    .by_ref()
                    .find(|n| !taken.contains(n))
                    .unwrap_or_default();
                taken.insert(new.clone());
                map.insert((s, name), new);
            }
        }
        let occurrences = uses
            .iter()
            .zip(&resolved)
            .filter_map(|(&(start, name, _), binding)| {
                let new = map.get(&((*binding)?, name))?;
                Some((start, name.len(), new.clone()))
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        Analysis { occurrences }
    }

    /// The script with every occurrence renamed.
    fn rename(&self, js: &str) -> String {
        let mut out = String::with_capacity(js.len());
        let mut at = 0;
        for (start, len, new) in &self.occurrences {
            out.push_str(&js[at..*start]);
            out.push_str(new);
            at = start + len;
        }
        out.push_str(&js[at..]);
        out
    }
}

/// The function scope `s` is in (itself, or the function around a catch block).
fn function_scope(scopes: &[Scope], mut s: usize) -> usize {
    while !scopes[s].function {
        s = scopes[s].parent.unwrap_or(0);
    }
    s
}

/// The scope that declares `name` as seen from scope `s`: `s` or the nearest scope around it.
fn declared_in_chain(scopes: &[Scope], mut s: usize, name: &str) -> Option<usize> {
    loop {
        if scopes[s].declared.contains(name) {
            return Some(s);
        }
        s = scopes[s].parent?;
    }
}

/// Whether a catch block between scope `s` and its function `f` binds `name`.
fn catch_binds(scopes: &[Scope], mut s: usize, f: usize, name: &str) -> bool {
    while s != f {
        if scopes[s].declared.contains(name) {
            return true;
        }
        s = scopes[s].parent.unwrap_or(f);
    }
    false
}

/// Candidate names, shortest first: `a`…`$`, then two characters, then three.
fn names() -> impl Iterator<Item = String> {
    const FIRST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$";
    const REST: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$0123456789";
    let one = FIRST.iter().map(|&a| char::from(a).to_string());
    let two = FIRST.iter().flat_map(|&a| {
        REST.iter()
            .map(move |&b| format!("{}{}", char::from(a), char::from(b)))
    });
    let three = FIRST.iter().flat_map(|&a| {
        REST.iter().flat_map(move |&b| {
            REST.iter()
                .map(move |&c| format!("{}{}{}", char::from(a), char::from(b), char::from(c)))
        })
    });
    one.chain(two).chain(three)
}

#[cfg(test)]
mod tests {
    use super::mangle;

    #[test]
    fn locals_get_short_names_globals_and_properties_keep_theirs() {
        let js = "(function(){'use strict';var state={count:1};function show(element,on){element.hidden=!on;}show(document.body,state.count);window.x={state:state};}());";
        assert_eq!(
            mangle(js),
            "(function(){'use strict';var a={count:1};function b(a,b){a.hidden=!b;}b(document.body,a.count);window.x={state:a};}());"
        );
    }

    #[test]
    fn a_name_never_hides_a_binding_used_inside() {
        // `outer` is used inside `f`: the parameter of `f` may not take its new name.
        let out =
            mangle("(function(){var outer=1;function f(param){return param+outer;}f(2);}());");
        assert_eq!(
            out,
            "(function(){var b=1;function a(a){return a+b;}a(2);}());"
        );
        // Sibling functions reuse the same short names.
        let out = mangle("(function(){function f(first){return first;}function g(second){return second;}f(g(1));}());");
        assert_eq!(
            out,
            "(function(){function a(a){return a;}function b(a){return a;}a(b(1));}());"
        );
    }

    #[test]
    fn globals_and_top_level_names_keep_their_spelling() {
        // A top-level declaration is a global other scripts may use.
        assert_eq!(
            mangle("var x=1;function g(y){return y+x;}"),
            "var x=1;function g(a){return a+x;}"
        );
        // `location` is the global in one function: the local of the same name stays too, and
        // no new name is `location`.
        let js = "(function(){function a(){var location=1;return location;}function b(){return location.hash;}a();b();}());";
        assert_eq!(mangle(js), js);
    }

    #[test]
    fn catch_bindings_function_expressions_and_var_lists() {
        let js = "(function(){var one=1,two=f(one,3),three;try{three=two;}catch(error){console.warn(error);}var named=function inner(n){return n?inner(n-1):one;};for(var key in window){named(key);}}());";
        let out = mangle(js);
        assert!(
            !out.contains("one")
                && !out.contains("error")
                && !out.contains("inner")
                && !out.contains("key"),
            "{out}"
        );
        assert!(
            out.contains("console.warn(") && out.contains("in window"),
            "{out}"
        );
    }

    #[test]
    fn strings_regular_expressions_and_comments_are_left_alone() {
        let js = "/*! keep */(function(){var s='var s',re=/a\\/b[/]c/g,r=4/2/1;return s+re+r;}());";
        let out = mangle(js);
        assert!(out.starts_with("/*! keep */"));
        assert!(
            out.contains("'var s'") && out.contains("/a\\/b[/]c/g") && out.contains("4/2/1"),
            "{out}"
        );
    }

    #[test]
    fn switch_cases_and_object_values_are_read() {
        let js = "(function(){function read(type,form){switch(type){case 'a':{var text=form;return {value:text,other:type?text:form};}default:return null;}}read();}());";
        let out = mangle(js);
        assert!(out.contains("{value:") && out.contains(",other:"), "{out}");
        assert!(!out.contains("text") && !out.contains("form"), "{out}");
    }

    /// Syntax beyond the subset leaves the script as it was: bigger, never broken.
    #[test]
    fn later_syntax_leaves_the_script_unchanged() {
        for js in [
            "(function(){var f=(a)=>a;}());",
            "(function(){let a=1;}());",
            "(function(){const a=1;}());",
            "(function(){var a=`x${b}`;}());",
            "(function(){var a=1;var o={a};}());",
            "(function(){var o={m(){return 1;}};}());",
            "(function(){var o={get x(){return 1;}};}());",
            "(function(){var o={[k]:1};}());",
            "(function(){function f(a=1){return a;}}());",
            "(function(){function f(...a){return a;}}());",
            "(function(){var {a}=b;}());",
            "(function(){outer:for(;;){break outer;}}());",
            "(function(){with(o){x=1;}}());",
            "(function(){var x=1;eval('x');}());",
            "(function(){if(x){function f(){}}}());",
            "(function(){try{}catch(e){var e=1;}}());",
            "(function(){var a=b?.c;}());",
            "(function(){class A{}}());",
        ] {
            assert_eq!(mangle(js), js, "{js}");
        }
    }
}
