//! Content models: the particle tree the loader builds (sequences, choices, repetitions of
//! element and wildcard terms), compiled to an automaton that is run over the children of an
//! element.
//!
//! The automaton is a Thompson NFA simulated with state sets, so it gives the right answer for
//! any content model; repetition counts are unrolled (with a cap on the size). libxml2 also
//! compiles content models to automata, and the bundled schemas obey the Unique Particle
//! Attribution rule, so a child never has two ways to match.

use super::model::{ElemId, Term};

/// The unrolled automaton gives up beyond this many states (a schema with huge finite
/// `maxOccurs` values); the loader reports it as a schema error.
pub(crate) const MAX_STATES: usize = 100_000;

/// A particle: a term or a group, with its occurrence range.
#[derive(Debug, Clone)]
pub(crate) struct Particle {
    pub min: u32,
    /// `None` for unbounded.
    pub max: Option<u32>,
    pub kind: ParticleKind,
}

/// What a particle holds.
#[derive(Debug, Clone)]
pub(crate) enum ParticleKind {
    Term(Term),
    Sequence(Vec<Particle>),
    Choice(Vec<Particle>),
}

impl Particle {
    pub fn once(kind: ParticleKind) -> Self {
        Particle {
            min: 1,
            max: Some(1),
            kind,
        }
    }

    /// Whether the particle can match nothing at all (an empty group, or `maxOccurs="0"`).
    pub fn is_empty(&self) -> bool {
        self.max == Some(0)
            || match &self.kind {
                ParticleKind::Term(_) => false,
                ParticleKind::Sequence(ps) | ParticleKind::Choice(ps) => {
                    ps.iter().all(Particle::is_empty)
                }
            }
    }
}

#[derive(Debug, Default, Clone)]
struct State {
    eps: Vec<u32>,
    edges: Vec<(u32, u32)>,
}

/// A compiled content model: states, the terms labelling their edges, start and final state.
#[derive(Debug, Clone)]
pub(crate) struct Automaton {
    states: Vec<State>,
    terms: Vec<Term>,
    start: u32,
    accept: u32,
}

/// The content model is too large to compile.
#[derive(Debug)]
pub(crate) struct TooLarge;

impl Automaton {
    pub fn compile(particle: &Particle) -> Result<Automaton, TooLarge> {
        let mut a = Automaton {
            states: Vec::new(),
            terms: Vec::new(),
            start: 0,
            accept: 0,
        };
        let (s, e) = a.fragment(particle)?;
        a.start = s;
        a.accept = e;
        Ok(a)
    }

    fn state(&mut self) -> Result<u32, TooLarge> {
        if self.states.len() >= MAX_STATES {
            return Err(TooLarge);
        }
        self.states.push(State::default());
        u32::try_from(self.states.len() - 1).map_err(|_| TooLarge)
    }

    fn eps(&mut self, from: u32, to: u32) {
        if let Some(s) = self.states.get_mut(from as usize) {
            s.eps.push(to);
        }
    }

    /// A fragment for one occurrence of the particle's body.
    fn body(&mut self, kind: &ParticleKind) -> Result<(u32, u32), TooLarge> {
        match kind {
            ParticleKind::Term(t) => {
                let s = self.state()?;
                let e = self.state()?;
                let index = u32::try_from(self.terms.len()).map_err(|_| TooLarge)?;
                self.terms.push(t.clone());
                if let Some(st) = self.states.get_mut(s as usize) {
                    st.edges.push((index, e));
                }
                Ok((s, e))
            }
            ParticleKind::Sequence(ps) => {
                let s = self.state()?;
                let mut last = s;
                for p in ps {
                    let (ps, pe) = self.fragment(p)?;
                    self.eps(last, ps);
                    last = pe;
                }
                Ok((s, last))
            }
            ParticleKind::Choice(ps) => {
                let s = self.state()?;
                let e = self.state()?;
                if ps.is_empty() {
                    // An empty choice matches nothing (not even the empty sequence).
                    return Ok((s, e));
                }
                for p in ps {
                    let (ps, pe) = self.fragment(p)?;
                    self.eps(s, ps);
                    self.eps(pe, e);
                }
                Ok((s, e))
            }
        }
    }

    /// A fragment for the particle with its occurrence range unrolled.
    fn fragment(&mut self, p: &Particle) -> Result<(u32, u32), TooLarge> {
        let s = self.state()?;
        let mut last = s;
        for _ in 0..p.min {
            let (bs, be) = self.body(&p.kind)?;
            self.eps(last, bs);
            last = be;
        }
        match p.max {
            None => {
                let (bs, be) = self.body(&p.kind)?;
                let e = self.state()?;
                self.eps(last, bs);
                self.eps(last, e);
                self.eps(be, bs);
                self.eps(be, e);
                last = e;
            }
            Some(max) => {
                let e = self.state()?;
                for _ in p.min..max {
                    let (bs, be) = self.body(&p.kind)?;
                    self.eps(last, bs);
                    self.eps(last, e);
                    last = be;
                }
                self.eps(last, e);
                last = e;
            }
        }
        Ok((s, last))
    }

    /// The state set before any child.
    pub fn start(&self) -> Vec<u32> {
        self.closure(vec![self.start])
    }

    fn closure(&self, mut set: Vec<u32>) -> Vec<u32> {
        let mut seen = vec![false; self.states.len()];
        let mut stack = set.clone();
        for &s in &set {
            if let Some(flag) = seen.get_mut(s as usize) {
                *flag = true;
            }
        }
        while let Some(s) = stack.pop() {
            let Some(state) = self.states.get(s as usize) else {
                continue;
            };
            for &t in &state.eps {
                if let Some(flag) = seen.get_mut(t as usize) {
                    if !*flag {
                        *flag = true;
                        set.push(t);
                        stack.push(t);
                    }
                }
            }
        }
        set.sort_unstable();
        set
    }

    /// The terms that can come next from `set`, in schema order, without repeats.
    pub fn expected(&self, set: &[u32]) -> Vec<&Term> {
        let mut out: Vec<&Term> = Vec::new();
        for &s in set {
            let Some(state) = self.states.get(s as usize) else {
                continue;
            };
            for &(t, _) in &state.edges {
                if let Some(term) = self.terms.get(t as usize) {
                    if !out.contains(&term) {
                        out.push(term);
                    }
                }
            }
        }
        out
    }

    pub fn accepts(&self, set: &[u32]) -> bool {
        set.binary_search(&self.accept).is_ok()
    }

    /// Moves over a child. `matches` says whether a term admits the child; an element term is
    /// preferred over a wildcard. Returns the term used and the new set, or `None`.
    pub fn step(&self, set: &[u32], matches: &dyn Fn(&Term) -> bool) -> Option<(Term, Vec<u32>)> {
        let mut chosen: Option<&Term> = None;
        for &s in set {
            let Some(state) = self.states.get(s as usize) else {
                continue;
            };
            for &(t, _) in &state.edges {
                let Some(term) = self.terms.get(t as usize) else {
                    continue;
                };
                if matches(term) {
                    let better = match chosen {
                        None => true,
                        Some(Term::Any(_)) => matches!(term, Term::Element(_)),
                        Some(Term::Element(_)) => false,
                    };
                    if better {
                        chosen = Some(term);
                    }
                }
            }
        }
        let chosen = chosen?;
        let mut next = Vec::new();
        for &s in set {
            let Some(state) = self.states.get(s as usize) else {
                continue;
            };
            for &(t, to) in &state.edges {
                if self.terms.get(t as usize) == Some(chosen) && !next.contains(&to) {
                    next.push(to);
                }
            }
        }
        Some((chosen.clone(), self.closure(next)))
    }
}

/// The running state of an `xs:all` group: which members have been seen.
pub(crate) fn all_missing(members: &[(ElemId, bool)], seen: &[ElemId]) -> Vec<ElemId> {
    members
        .iter()
        .filter(|(e, required)| *required && !seen.contains(e))
        .map(|(e, _)| *e)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(id: ElemId, min: u32, max: Option<u32>) -> Particle {
        Particle {
            min,
            max,
            kind: ParticleKind::Term(Term::Element(id)),
        }
    }

    /// Runs the automaton over a list of element ids: `Ok(accepted)` or `Err(position)`.
    fn run(p: &Particle, children: &[ElemId]) -> Result<bool, usize> {
        let a = Automaton::compile(p).map_err(|_| usize::MAX)?;
        let mut set = a.start();
        for (i, &c) in children.iter().enumerate() {
            let (_, next) = a.step(&set, &|t| *t == Term::Element(c)).ok_or(i)?;
            set = next;
        }
        Ok(a.accepts(&set))
    }

    #[test]
    fn sequences_choices_and_counts() {
        // (0?, 1, 2*, (3 | 4){2,3})
        let p = Particle::once(ParticleKind::Sequence(vec![
            el(0, 0, Some(1)),
            el(1, 1, Some(1)),
            el(2, 0, None),
            Particle {
                min: 2,
                max: Some(3),
                kind: ParticleKind::Choice(vec![el(3, 1, Some(1)), el(4, 1, Some(1))]),
            },
        ]));
        let cases: &[(&[ElemId], Result<bool, usize>)] = &[
            (&[1, 3, 4], Ok(true)),
            (&[0, 1, 2, 2, 2, 4, 4, 3], Ok(true)),
            (&[1, 3], Ok(false)),
            (&[1, 3, 3, 3, 3], Err(4)),
            (&[2], Err(0)),
            (&[0, 0], Err(1)),
            (&[], Ok(false)),
        ];
        for (children, expected) in cases {
            assert_eq!(run(&p, children), *expected, "{children:?}");
        }
    }

    #[test]
    fn expected_terms_in_schema_order() {
        let p = Particle::once(ParticleKind::Sequence(vec![
            el(5, 0, Some(1)),
            el(6, 1, Some(1)),
        ]));
        let a = Automaton::compile(&p).unwrap_or_else(|_| unreachable!());
        let start = a.start();
        assert_eq!(
            a.expected(&start),
            vec![&Term::Element(5), &Term::Element(6)]
        );
        assert!(!a.accepts(&start));
    }

    #[test]
    fn huge_counts_are_refused() {
        let p = el(0, 0, Some(1_000_000));
        assert!(Automaton::compile(&p).is_err());
    }
}
