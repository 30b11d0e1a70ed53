//! Content models: the particle tree the loader builds (sequences, choices, repetitions of
//! element and wildcard terms), compiled to an automaton that is run over the children of an
//! element.
//!
//! The particle tree becomes a Thompson NFA (repetition counts unrolled, with a cap on the
//! size), which is then made deterministic by the subset construction, once, when the schema is
//! compiled: validating a child is then one look along the edges of one state, whatever the
//! model. libxml2 also compiles content models to automata, and the bundled schemas obey the
//! Unique Particle Attribution rule, so a child never has two ways to match and the
//! deterministic automaton is no larger than the model.

use super::model::{ElemId, Term};
use std::collections::HashMap;

/// The unrolled automaton gives up beyond this many states, before or after it is made
/// deterministic (a schema with huge finite `maxOccurs` values); the loader reports it as a
/// schema error.
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

/// A state of the NFA: its ε-moves and its edges (term index, target).
#[derive(Debug, Default, Clone)]
struct NfaState {
    eps: Vec<u32>,
    edges: Vec<(u32, u32)>,
}

/// The Thompson NFA of a particle, before it is made deterministic.
#[derive(Debug, Default)]
struct Nfa {
    states: Vec<NfaState>,
    terms: Vec<Term>,
}

/// A state of the compiled automaton: where each term leads (in schema order), and whether
/// the element may end here.
#[derive(Debug, Clone)]
struct State {
    edges: Vec<(u32, u32)>,
    accept: bool,
}

/// A compiled content model: a deterministic automaton whose edges are labelled by terms;
/// state 0 is the start.
#[derive(Debug, Clone)]
pub(crate) struct Automaton {
    states: Vec<State>,
    /// The distinct terms of the model.
    terms: Vec<Term>,
}

/// The content model is too large to compile.
#[derive(Debug)]
pub(crate) struct TooLarge;

/// A state of the running automaton.
pub(crate) type StateId = u32;

impl Automaton {
    pub fn compile(particle: &Particle) -> Result<Automaton, TooLarge> {
        let mut nfa = Nfa::default();
        let (start, accept) = nfa.fragment(particle)?;
        nfa.determinize(start, accept)
    }

    /// The state before any child.
    pub fn start(&self) -> StateId {
        0
    }

    /// The terms that can come next from `state`, in schema order.
    pub fn expected(&self, state: StateId) -> Vec<&Term> {
        self.states
            .get(state as usize)
            .map(|s| {
                s.edges
                    .iter()
                    .filter_map(|&(t, _)| self.terms.get(t as usize))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn accepts(&self, state: StateId) -> bool {
        self.states.get(state as usize).is_some_and(|s| s.accept)
    }

    /// Moves over a child. `matches` says whether a term admits the child; an element term is
    /// preferred over a wildcard. Returns the term used and the next state, or `None`.
    pub fn step(
        &self,
        state: StateId,
        matches: &dyn Fn(&Term) -> bool,
    ) -> Option<(&Term, StateId)> {
        let mut chosen: Option<(&Term, StateId)> = None;
        for &(t, to) in &self.states.get(state as usize)?.edges {
            let Some(term) = self.terms.get(t as usize) else {
                continue;
            };
            if matches(term) {
                match (chosen, term) {
                    (None, _) | (Some((Term::Any(_), _)), Term::Element(_)) => {
                        chosen = Some((term, to));
                    }
                    _ => {}
                }
            }
        }
        chosen
    }
}

impl Nfa {
    fn state(&mut self) -> Result<u32, TooLarge> {
        if self.states.len() >= MAX_STATES {
            return Err(TooLarge);
        }
        self.states.push(NfaState::default());
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
                // Equal terms share an index: the deterministic automaton moves by term.
                let index = match self.terms.iter().position(|x| x == t) {
                    Some(i) => i,
                    None => {
                        self.terms.push(t.clone());
                        self.terms.len() - 1
                    }
                };
                let index = u32::try_from(index).map_err(|_| TooLarge)?;
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

    /// The ε-closure of `set`, sorted; `seen` is scratch space as long as the states, all
    /// false on entry and on return.
    fn closure(&self, mut set: Vec<u32>, seen: &mut [bool]) -> Vec<u32> {
        set.sort_unstable();
        set.dedup();
        for &s in &set {
            if let Some(flag) = seen.get_mut(s as usize) {
                *flag = true;
            }
        }
        let mut stack = set.clone();
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
        for &s in &set {
            if let Some(flag) = seen.get_mut(s as usize) {
                *flag = false;
            }
        }
        set.sort_unstable();
        set
    }

    /// The subset construction. Each deterministic state lists its terms in the order the NFA
    /// states of its set (sorted) and their edges give them: schema order.
    fn determinize(self, start: u32, accept: u32) -> Result<Automaton, TooLarge> {
        let mut seen = vec![false; self.states.len()];
        let mut ids: HashMap<Vec<u32>, u32> = HashMap::new();
        let mut sets: Vec<Vec<u32>> = Vec::new();
        let first = self.closure(vec![start], &mut seen);
        ids.insert(first.clone(), 0);
        sets.push(first);
        let mut states: Vec<State> = Vec::new();
        let mut work: usize = 0;
        while states.len() < sets.len() {
            let set = sets[states.len()].clone();
            let mut targets: Vec<(u32, Vec<u32>)> = Vec::new();
            for &s in &set {
                let Some(state) = self.states.get(s as usize) else {
                    continue;
                };
                for &(t, to) in &state.edges {
                    match targets.iter_mut().find(|(x, _)| *x == t) {
                        Some((_, tos)) => tos.push(to),
                        None => targets.push((t, vec![to])),
                    }
                }
            }
            let mut edges = Vec::with_capacity(targets.len());
            for (t, tos) in targets {
                work += tos.len() + set.len();
                let next = self.closure(tos, &mut seen);
                let id = match ids.get(&next) {
                    Some(&id) => id,
                    None => {
                        if sets.len() >= MAX_STATES || work > 16 * MAX_STATES {
                            return Err(TooLarge);
                        }
                        let id = u32::try_from(sets.len()).map_err(|_| TooLarge)?;
                        ids.insert(next.clone(), id);
                        sets.push(next);
                        id
                    }
                };
                edges.push((t, id));
            }
            states.push(State {
                edges,
                accept: set.binary_search(&accept).is_ok(),
            });
        }
        Ok(Automaton {
            states,
            terms: self.terms,
        })
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
        let mut state = a.start();
        for (i, &c) in children.iter().enumerate() {
            let (_, next) = a.step(state, &|t| *t == Term::Element(c)).ok_or(i)?;
            state = next;
        }
        Ok(a.accepts(state))
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
            a.expected(start),
            vec![&Term::Element(5), &Term::Element(6)]
        );
        assert!(!a.accepts(start));
    }

    #[test]
    fn huge_counts_are_refused() {
        let p = el(0, 0, Some(1_000_000));
        assert!(Automaton::compile(&p).is_err());
    }
}
