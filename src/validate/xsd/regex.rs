//! The regular expressions of the `pattern` facet (XML Schema 1.0 Part 2, Appendix F), compiled
//! to a small program and run as a Pike virtual machine: linear in the value's length, whatever
//! the pattern.
//!
//! XML Schema regular expressions are not Perl's: they always match the whole value (there are
//! no anchors, `^` and `$` are ordinary characters), character classes can be subtracted
//! (`[a-z-[aeiou]]`), and `.` is any character but a line end. Supported: branches, groups,
//! the quantifiers `? * + {n} {n,} {n,m}`, character classes with ranges, negation and
//! subtraction, single-character escapes, `\s` and `\S`. Not supported, and refused when a
//! schema is compiled (no bundled schema uses them): the escapes that need Unicode or XML name
//! tables, `\d \D \w \W \i \I \c \C \p{…} \P{…}`.

/// A compiled pattern.
#[derive(Debug, Clone)]
pub(crate) struct Regex {
    /// The pattern as written in the schema, for messages.
    pub source: String,
    program: Vec<Inst>,
    classes: Vec<Class>,
}

/// Patterns are expanded (repetition counts unrolled) up to this many instructions.
const MAX_PROGRAM: usize = 20_000;

#[derive(Debug, Clone, Copy)]
enum Inst {
    /// Consume one character of the class.
    Char(usize),
    Split(usize, usize),
    Jump(usize),
    Match,
}

/// A set of characters.
#[derive(Debug, Clone, PartialEq)]
enum Class {
    /// `.`: anything but a line end.
    Dot,
    Set {
        items: Vec<Item>,
        negated: bool,
        minus: Option<Box<Class>>,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum Item {
    Range(char, char),
    /// `\s` (or `\S` when negated).
    Space(bool),
}

impl Class {
    fn single(c: char) -> Class {
        Class::Set {
            items: vec![Item::Range(c, c)],
            negated: false,
            minus: None,
        }
    }

    fn matches(&self, c: char) -> bool {
        match self {
            Class::Dot => c != '\n' && c != '\r',
            Class::Set {
                items,
                negated,
                minus,
            } => {
                let hit = items.iter().any(|i| match i {
                    Item::Range(lo, hi) => *lo <= c && c <= *hi,
                    Item::Space(negated) => is_space(c) != *negated,
                });
                hit != *negated && !minus.as_ref().is_some_and(|m| m.matches(c))
            }
        }
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// The parsed pattern.
#[derive(Debug)]
enum Node {
    Class(Class),
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
    },
}

impl Regex {
    /// Compiles a pattern, or says why it cannot be.
    pub fn new(source: &str) -> Result<Regex, String> {
        let mut parser = Parser {
            chars: source.chars().collect(),
            at: 0,
        };
        let node = parser.alternation(0)?;
        if parser.at < parser.chars.len() {
            return Err(format!("unexpected `{}`", parser.chars[parser.at]));
        }
        let mut compiler = Compiler {
            program: Vec::new(),
            classes: Vec::new(),
        };
        compiler.node(&node)?;
        compiler.push(Inst::Match)?;
        Ok(Regex {
            source: source.to_owned(),
            program: compiler.program,
            classes: compiler.classes,
        })
    }

    /// Whether the whole of `value` matches.
    pub fn is_match(&self, value: &str) -> bool {
        let n = self.program.len();
        let mut current: Vec<usize> = Vec::with_capacity(n);
        let mut next: Vec<usize> = Vec::with_capacity(n);
        let mut mark = vec![usize::MAX; n];
        let mut generation = 0;
        self.add(&mut current, &mut mark, generation, 0);
        for c in value.chars() {
            generation += 1;
            next.clear();
            for &pc in &current {
                if let Inst::Char(k) = self.program[pc] {
                    if self.classes[k].matches(c) {
                        self.add(&mut next, &mut mark, generation, pc + 1);
                    }
                }
            }
            std::mem::swap(&mut current, &mut next);
            if current.is_empty() {
                return false;
            }
        }
        current
            .iter()
            .any(|&pc| matches!(self.program[pc], Inst::Match))
    }

    /// Adds the thread at `pc` and every thread its jumps and splits reach.
    fn add(&self, list: &mut Vec<usize>, mark: &mut [usize], generation: usize, pc: usize) {
        let mut stack = vec![pc];
        while let Some(pc) = stack.pop() {
            if mark[pc] == generation {
                continue;
            }
            mark[pc] = generation;
            match self.program[pc] {
                Inst::Jump(to) => stack.push(to),
                Inst::Split(a, b) => {
                    stack.push(b);
                    stack.push(a);
                }
                Inst::Char(_) | Inst::Match => list.push(pc),
            }
        }
    }
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        let hit = self.peek() == Some(c);
        if hit {
            self.at += 1;
        }
        hit
    }

    fn alternation(&mut self, depth: usize) -> Result<Node, String> {
        if depth > 64 {
            return Err("groups nest too deeply".into());
        }
        let mut branches = vec![self.branch(depth)?];
        while self.eat('|') {
            branches.push(self.branch(depth)?);
        }
        Ok(if branches.len() == 1 {
            branches.remove(0)
        } else {
            Node::Alt(branches)
        })
    }

    fn branch(&mut self, depth: usize) -> Result<Node, String> {
        let mut pieces = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom(depth)?;
            pieces.push(self.quantified(atom)?);
        }
        Ok(Node::Concat(pieces))
    }

    fn atom(&mut self, depth: usize) -> Result<Node, String> {
        let Some(c) = self.peek() else {
            return Err("the pattern ends too early".into());
        };
        self.at += 1;
        Ok(match c {
            '(' => {
                let inner = self.alternation(depth + 1)?;
                if !self.eat(')') {
                    return Err("a group is not closed with `)`".into());
                }
                inner
            }
            '[' => Node::Class(self.class_body()?),
            '.' => Node::Class(Class::Dot),
            '\\' => Node::Class(self.escape()?),
            '?' | '*' | '+' => return Err(format!("`{c}` has nothing to repeat")),
            ']' => return Err("`]` without `[`".into()),
            c => Node::Class(Class::single(c)),
        })
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, String> {
        let (min, max) = match self.peek() {
            Some('?') => (0, Some(1)),
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('{') => {
                self.at += 1;
                let min = self.number()?;
                let max = if self.eat(',') {
                    if self.peek() == Some('}') {
                        None
                    } else {
                        Some(self.number()?)
                    }
                } else {
                    Some(min)
                };
                if self.peek() != Some('}') {
                    return Err("a quantifier `{…}` is not closed".into());
                }
                if max.is_some_and(|m| m < min) {
                    return Err("a quantifier's maximum is below its minimum".into());
                }
                (min, max)
            }
            _ => return Ok(atom),
        };
        self.at += 1;
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
        })
    }

    fn number(&mut self) -> Result<u32, String> {
        let from = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        let digits: String = self.chars[from..self.at].iter().collect();
        digits
            .parse()
            .map_err(|_| "a quantifier needs a number".to_string())
    }

    /// After `\`, outside a character class.
    fn escape(&mut self) -> Result<Class, String> {
        let Some(c) = self.peek() else {
            return Err("the pattern ends with `\\`".into());
        };
        self.at += 1;
        match c {
            's' => Ok(Class::Set {
                items: vec![Item::Space(false)],
                negated: false,
                minus: None,
            }),
            'S' => Ok(Class::Set {
                items: vec![Item::Space(true)],
                negated: false,
                minus: None,
            }),
            c => single_escape(c).map(Class::single),
        }
    }

    /// After `[`: a character group up to and including its `]`.
    fn class_body(&mut self) -> Result<Class, String> {
        let negated = self.eat('^');
        let mut items = Vec::new();
        let mut minus = None;
        loop {
            let Some(c) = self.peek() else {
                return Err("a character class is not closed with `]`".into());
            };
            match c {
                ']' if !items.is_empty() => {
                    self.at += 1;
                    break;
                }
                '-' if self.chars.get(self.at + 1) == Some(&'[') && !items.is_empty() => {
                    self.at += 2;
                    minus = Some(Box::new(self.class_body()?));
                    if !self.eat(']') {
                        return Err("a subtraction must end its character class".into());
                    }
                    break;
                }
                '[' => return Err("`[` inside a character class".into()),
                _ => {
                    self.at += 1;
                    let lo = match c {
                        '\\' => match self.class_escape()? {
                            Ok(ch) => ch,
                            Err(item) => {
                                items.push(item);
                                continue;
                            }
                        },
                        c => c,
                    };
                    let is_range = self.peek() == Some('-')
                        && !matches!(self.chars.get(self.at + 1), Some(']') | Some('[') | None);
                    if is_range {
                        self.at += 1;
                        let hi = match self.peek() {
                            Some('\\') => {
                                self.at += 1;
                                match self.class_escape()? {
                                    Ok(ch) => ch,
                                    Err(_) => {
                                        return Err("a range cannot end with `\\s`".into());
                                    }
                                }
                            }
                            Some(h) => {
                                self.at += 1;
                                h
                            }
                            None => return Err("a range is not finished".into()),
                        };
                        if hi < lo {
                            return Err(format!("the range `{lo}-{hi}` is reversed"));
                        }
                        items.push(Item::Range(lo, hi));
                    } else {
                        items.push(Item::Range(lo, lo));
                    }
                }
            }
        }
        Ok(Class::Set {
            items,
            negated,
            minus,
        })
    }

    /// After `\` inside a character class: a character, or `\s`/`\S`.
    fn class_escape(&mut self) -> Result<Result<char, Item>, String> {
        let Some(c) = self.peek() else {
            return Err("the pattern ends with `\\`".into());
        };
        self.at += 1;
        match c {
            's' => Ok(Err(Item::Space(false))),
            'S' => Ok(Err(Item::Space(true))),
            c => single_escape(c).map(Ok),
        }
    }
}

/// The character a single-character escape stands for.
fn single_escape(c: char) -> Result<char, String> {
    match c {
        'n' => Ok('\n'),
        'r' => Ok('\r'),
        't' => Ok('\t'),
        '\\' | '|' | '.' | '?' | '*' | '+' | '(' | ')' | '{' | '}' | '-' | '[' | ']' | '^' => Ok(c),
        'd' | 'D' | 'w' | 'W' | 'i' | 'I' | 'c' | 'C' | 'p' | 'P' => Err(format!(
            "the escape `\\{c}` (Unicode or XML name classes) is not supported"
        )),
        c => Err(format!("`\\{c}` is not an escape of XML Schema patterns")),
    }
}

struct Compiler {
    program: Vec<Inst>,
    classes: Vec<Class>,
}

impl Compiler {
    fn push(&mut self, inst: Inst) -> Result<usize, String> {
        if self.program.len() >= MAX_PROGRAM {
            return Err("the pattern is too large once its repetitions are expanded".into());
        }
        self.program.push(inst);
        Ok(self.program.len() - 1)
    }

    fn node(&mut self, node: &Node) -> Result<(), String> {
        match node {
            Node::Class(class) => {
                let k = match self.classes.iter().position(|c| c == class) {
                    Some(k) => k,
                    None => {
                        self.classes.push(class.clone());
                        self.classes.len() - 1
                    }
                };
                self.push(Inst::Char(k))?;
            }
            Node::Concat(parts) => {
                for p in parts {
                    self.node(p)?;
                }
            }
            Node::Alt(branches) => {
                let mut jumps = Vec::new();
                for (i, b) in branches.iter().enumerate() {
                    if i + 1 < branches.len() {
                        let split = self.push(Inst::Split(0, 0))?;
                        self.node(b)?;
                        jumps.push(self.push(Inst::Jump(0))?);
                        let next = self.program.len();
                        self.program[split] = Inst::Split(split + 1, next);
                    } else {
                        self.node(b)?;
                    }
                }
                let end = self.program.len();
                for j in jumps {
                    self.program[j] = Inst::Jump(end);
                }
            }
            Node::Repeat { node, min, max } => {
                for _ in 0..*min {
                    self.node(node)?;
                }
                match max {
                    None => {
                        let split = self.push(Inst::Split(0, 0))?;
                        self.node(node)?;
                        self.push(Inst::Jump(split))?;
                        let end = self.program.len();
                        self.program[split] = Inst::Split(split + 1, end);
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.push(Inst::Split(0, 0))?);
                            self.node(node)?;
                        }
                        let end = self.program.len();
                        for s in splits {
                            self.program[s] = Inst::Split(s + 1, end);
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn re(p: &str) -> Regex {
        Regex::new(p).unwrap_or_else(|e| unreachable!("{p}: {e}"))
    }

    #[test]
    fn whole_value_matches() {
        let r = re("a+b");
        assert!(r.is_match("aab"));
        assert!(!r.is_match("aabx"));
        assert!(!r.is_match("xaab"));
        assert!(!r.is_match("b"));
        assert!(re("").is_match(""));
        assert!(re("^a$").is_match("^a$"), "anchors are ordinary characters");
        assert!(re("(ab|c){2,3}").is_match("abcab"));
        assert!(!re("(ab|c){2,3}").is_match("c"));
        assert!(re("x{0,}").is_match("xxxx"));
        assert!(re("(a*)*b").is_match("aaab"));
        assert!(re(".").is_match("é"));
        assert!(!re(".").is_match("\n"));
    }

    #[test]
    fn character_classes() {
        let r = re("[a-z-[aeiou]]+");
        assert!(r.is_match("xyz"));
        assert!(!r.is_match("xaz"));
        assert!(re("[^0-9]").is_match("a"));
        assert!(!re("[^0-9]").is_match("5"));
        assert!(re("[+\\-]").is_match("-"));
        assert!(re("[a-]").is_match("-"));
        assert!(re("\\s\\S").is_match(" x"));
        assert!(re("[\\s]").is_match("\t"));
        assert!(re("\\.\\{").is_match(".{"));
    }

    /// The two patterns of the LOM schemas (`common/dataTypes.xsd`).
    #[test]
    fn lom_date_time_and_duration() {
        let date = re("([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})(\\-(0[1-9]|1[0-2])(\\-(0[1-9]|[1-2][0-9]|3[0-1])(T([0-1][0-9]|2[0-3])(:[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,}(Z|((\\+|\\-)([0-1][0-9]|2[0-3]):[0-5][0-9]))?)?)?)?)?)?)?");
        for ok in ["2004", "2004-05", "2004-05-31T12:30:00.5Z", "2004-05-31T23"] {
            assert!(date.is_match(ok), "{ok}");
        }
        for bad in [
            "0000",
            "2004-13",
            "2004-05-31T24",
            "2004-05-31T12:30:00Z",
            "04",
        ] {
            assert!(!date.is_match(bad), "{bad}");
        }
        let duration = re("P([0-9]{1,}Y){0,1}([0-9]{1,}M){0,1}([0-9]{1,}D){0,1}(T([0-9]{1,}H){0,1}([0-9]{1,}M){0,1}([0-9]{1,}(\\.[0-9]{1,}){0,1}S){0,1}){0,1}");
        for ok in ["PT1H0M0S", "P", "PT", "P1Y2M3DT4H5M6.5S"] {
            assert!(duration.is_match(ok), "{ok}");
        }
        for bad in ["P1S", "1H", "PT1.S"] {
            assert!(!duration.is_match(bad), "{bad}");
        }
    }

    #[test]
    fn unsupported_and_malformed_patterns_are_refused() {
        for p in [
            "\\d+", "\\p{L}", "[\\w]", "(a", "a)", "[a", "a{2", "*a", "[z-a]", "a{3,2}", "\\q",
        ] {
            assert!(Regex::new(p).is_err(), "{p}");
        }
        assert!(Regex::new("(a{1000}){1000}").is_err(), "too large");
    }
}
