//! A build's translations: each language's file applied to the course while it is read.
//!
//! The i18n commands need a file's whole catalog merged with the source ([`super::merge`]), to
//! write it back. A build needs less: each unit is checked and its translation set aside in its
//! segment's place as soon as it is parsed, against the source's segments found once for every
//! language of the build ([`SourceSegments`]). A language costs its translations, not two
//! catalogs, and the course is walked once per build, not once per language. Both paths take a
//! segment's translation by the same rules ([`super::Found`]); a test holds them to the same
//! results.

use super::catalog::{Entry, State};
use super::lines::{Pending, Shows};
use super::localize::Places;
use super::markup::{self, Marks};
use super::segments::{each_segment, source_hash, Segment};
use super::{
    accepted_answer_limits, at_unit, check_entry, check_header, find, interface,
    missing_translation_file, read_each, theme_problem, Found, Loaded,
};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Course;
use crate::render::theme::Theme;
use crate::source::fs::SourceFs;
use foldhash::{HashMap, HashMapExt};
use std::collections::BTreeMap;

/// What every language of a build shares about the source course: its segments, where each goes
/// back, and the limits translations must keep.
pub struct SourceSegments {
    /// Course text, then interface strings: the order of [`super::merge`].
    segments: Vec<Source>,
    by_key: HashMap<String, usize>,
    places: Places,
    limits: BTreeMap<String, usize>,
    /// Why the interface strings cannot be read, if so: no language can be built then.
    theme_error: Option<Diagnostic>,
    /// The course's duration in minutes, as `course.toml` gives it or as estimated from the
    /// source: every language shows the same (words are not counted alike in every script).
    minutes: u32,
}

/// How many untranslated segments (and how many stale ones) a build reports one by one,
/// unless asked for every one.
const SHOWN_ONE_BY_ONE: usize = 5;

/// The segments of one kind (untranslated, or translated for an older source) a file leaves:
/// how many, and the first of those past [`SHOWN_ONE_BY_ONE`] (its key, line and column).
#[derive(Default)]
struct Gap<'s> {
    count: usize,
    first_unnamed: Option<(&'s str, usize, usize)>,
}

/// How a build reports the segments a translation file leaves untranslated, or translated for
/// an older source text.
#[derive(Clone, Copy, Debug, Default)]
pub struct Gaps {
    /// They are errors (`--strict`), not warnings.
    pub strict: bool,
    /// Each one is reported (`--verbose`), not the first few and a count of the rest.
    pub each: bool,
}

/// One segment of the source, as a translation is checked against it.
struct Source {
    key: String,
    hash: String,
    location: String,
    /// The source text and its markup, when it may have some: every language's translation is
    /// checked against the same marks, found once.
    marked: Option<Box<(Box<str>, Marks)>>,
}

impl SourceSegments {
    /// The segments of `course` and of `theme`'s interface strings.
    pub fn of(course: &Course, theme: &Theme) -> SourceSegments {
        let mut out = SourceSegments {
            segments: Vec::new(),
            by_key: HashMap::new(),
            places: Places::default(),
            limits: accepted_answer_limits(course),
            theme_error: None,
            minutes: course
                .meta
                .duration
                .unwrap_or_else(|| crate::render::duration::estimate(course)),
        };
        each_segment(course, &mut |segment, slot, text| {
            out.places.add(out.segments.len(), &segment.key, slot, text);
            out.push(segment);
        });
        match interface::segments(theme, &course.meta.language) {
            Ok(strings) => strings.into_iter().for_each(|s| out.push(s)),
            // As `merge` does: no segments at all.
            Err(e) => {
                out.segments = Vec::new();
                out.by_key = HashMap::new();
                out.places = Places::default();
                out.theme_error = Some(theme_problem(&e));
            }
        }
        // Kept for the whole build: without the room its growth left.
        out.segments.shrink_to_fit();
        out
    }

    /// `course` (the course these segments are of) in `lang`, with the translations in
    /// `targets` by segment key; segments without one keep their source text.
    pub fn localize(
        &self,
        course: &Course,
        lang: &str,
        targets: &BTreeMap<String, String>,
    ) -> Course {
        let by_index: Vec<Option<String>> = self
            .segments
            .iter()
            .map(|s| targets.get(&s.key).cloned())
            .collect();
        self.places.localize(course, lang, &by_index)
    }

    fn push(&mut self, segment: Segment) {
        self.by_key.insert(segment.key.clone(), self.segments.len());
        let marks = markup::marks_of(&segment.source);
        self.segments.push(Source {
            hash: source_hash(&segment.source),
            key: segment.key,
            location: segment.location,
            marked: marks.map(|marks| Box::new((segment.source.into_boxed_str(), marks))),
        });
    }

    /// The segment of a unit's key, if the course has it.
    fn index_of(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }

    /// [`Self::index_of`] for the unit read after the unit of segment `previous`: a file lists
    /// its units in the course's order (extract writes them so, tools keep it), so the next
    /// segment is tried first. It sits next to the last one in memory, where a lookup in the
    /// map costs a few cache misses: 2 % of a 1,000-lesson build in 11 languages.
    fn index_after(&self, previous: Option<usize>, key: &str) -> Option<usize> {
        let next = previous.map_or(0, |i| i + 1);
        match self.segments.get(next) {
            Some(s) if s.key == key => Some(next),
            _ => self.index_of(key),
        }
    }

    /// The markup of `entry`'s source, when it is the current source of segment `own`: known
    /// already (an empty skeleton is found at once, without this).
    fn source_marks(&self, own: Option<usize>, entry: &Entry) -> Option<&Marks> {
        let (text, marks) = self.segments.get(own?)?.marked.as_deref()?;
        (**text == *entry.source).then_some(marks)
    }
}

/// A unit of the file, as much of it as a build needs.
struct Unit {
    target: Option<String>,
    state: State,
    /// The hash of the source it was translated for.
    hash: String,
    /// Whether it was translated for its segment's current source (units of a segment only).
    current: bool,
    line: usize,
    column: usize,
}

/// A unit read: of a segment (by its index), or of a key the course does not have.
#[derive(Clone, Copy)]
enum UnitRef {
    Own(usize),
    Stray(usize),
}

/// The units of one file, gathered as they are read.
struct Units<'s> {
    sources: &'s SourceSegments,
    /// By segment.
    own: Vec<Option<Unit>>,
    /// Units of no segment, with their keys.
    strays: Vec<(String, Unit)>,
    /// The translated units, in the file's order: where a moved segment's translation is looked
    /// for, only when some segment lacks one in its own unit.
    translated: Vec<UnitRef>,
}

impl<'s> Units<'s> {
    fn new(sources: &'s SourceSegments) -> Units<'s> {
        Units {
            sources,
            own: sources.segments.iter().map(|_| None).collect(),
            strays: Vec::new(),
            translated: Vec::new(),
        }
    }

    /// Adds the unit of `entry`, of segment `own` ([`SourceSegments::index_of`]).
    fn add(&mut self, entry: Entry, own: Option<usize>) {
        let unit = Unit {
            current: own.is_some_and(|i| self.sources.segments[i].hash == entry.hash),
            target: entry.target,
            state: entry.state,
            hash: entry.hash,
            line: entry.line,
            column: entry.column,
        };
        let translated = unit.target.is_some() && unit.state == State::Translated;
        let at = match own {
            Some(i) => {
                self.own[i] = Some(unit);
                UnitRef::Own(i)
            }
            None => {
                self.strays.push((entry.key.clone(), unit));
                UnitRef::Stray(self.strays.len() - 1)
            }
        };
        if translated {
            self.translated.push(at);
        }
    }

    /// The last translated unit of each source hash, course text `[0]` and interface strings
    /// `[1]` apart.
    fn by_hash(&self) -> [HashMap<&str, UnitRef>; 2] {
        let mut by_hash = [HashMap::new(), HashMap::new()];
        for &at in &self.translated {
            let (key, unit) = match at {
                UnitRef::Own(i) => (self.sources.segments[i].key.as_str(), self.own[i].as_ref()),
                UnitRef::Stray(i) => (self.strays[i].0.as_str(), Some(&self.strays[i].1)),
            };
            if let Some(unit) = unit {
                let kind = usize::from(interface::name(key).is_some());
                by_hash[kind].insert(unit.hash.as_str(), at);
            }
        }
        by_hash
    }

    fn unit(&self, at: UnitRef) -> Option<&Unit> {
        match at {
            UnitRef::Own(i) => self.own.get(i)?.as_ref(),
            UnitRef::Stray(i) => self.strays.get(i).map(|(_, u)| u),
        }
    }

    /// Each segment's translation and state, and the unit its diagnostics point at: the file's
    /// unit of its key (even one without a translation), else the unit its translation came from.
    /// `prefill` holds the theme's words for interface strings in the target language.
    fn resolve(mut self, prefill: &BTreeMap<String, String>) -> Vec<Resolved> {
        let sources = self.sources;
        let mut by_hash = None;
        let found: Vec<Found<UnitRef>> = sources
            .segments
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let own = self.own[i]
                    .as_ref()
                    .map(|u| (UnitRef::Own(i), u.target.is_some(), u.current));
                if own.is_some_and(|(_, translated, _)| translated) {
                    // Translated in its own unit: no other unit or word can stand in for it.
                    return Found::of(own, None, false);
                }
                let kind = usize::from(interface::name(&s.key).is_some());
                let moved = by_hash.get_or_insert_with(|| self.by_hash())[kind]
                    .get(s.hash.as_str())
                    .copied();
                Found::of(own, moved, prefill.contains_key(&s.key))
            })
            .collect();
        // Moved translations are copies, made before the units' own translations move out.
        let mut out: Vec<Resolved> = found
            .iter()
            .zip(&sources.segments)
            .enumerate()
            .map(|(i, (found, s))| {
                let from = match (found, &self.own[i]) {
                    (_, Some(_)) => Some(UnitRef::Own(i)),
                    (Found::Moved(at), None) => Some(*at),
                    _ => None,
                };
                let place = from.and_then(|at| self.unit(at));
                let (target, state) = match found {
                    Found::Moved(at) => (
                        self.unit(*at).and_then(|u| u.target.clone()),
                        State::Translated,
                    ),
                    Found::Prefilled => (prefill.get(&s.key).cloned(), State::Translated),
                    Found::Missing => (None, State::New),
                    Found::Kept(_) => (None, place.map_or(State::New, |u| u.state)),
                    Found::Changed(_) => (None, State::NeedsReview),
                };
                Resolved {
                    target,
                    state,
                    line: place.map_or(0, |u| u.line),
                    column: place.map_or(0, |u| u.column),
                }
            })
            .collect();
        for (i, found) in found.iter().enumerate() {
            if let Found::Kept(_) | Found::Changed(_) = found {
                out[i].target = self.own[i].as_mut().and_then(|u| u.target.take());
            }
        }
        out
    }
}

/// What a segment gets from the file.
#[derive(Debug, PartialEq, Eq)]
struct Resolved {
    target: Option<String>,
    state: State,
    /// Where the unit its diagnostics point at starts (0 when there is none).
    line: usize,
    column: usize,
}

/// The course in `lang`, with a warning (an error when `strict`) for every missing or stale
/// translation, interface strings included, each at its line of the translation file. Returns
/// `None` when the language has no translation file or its file is unusable. `sources` are the
/// segments of `course` and `theme` ([`SourceSegments::of`]).
///
/// Of the segments a file leaves untranslated (or translated for an older source), the first
/// few are reported one by one and the rest in one line, unless `gaps` asks for each: a
/// language just added has every segment untranslated, and a page of warnings per segment
/// would hide everything else.
pub fn translated_course(
    sources: &SourceSegments,
    course: &Course,
    theme: &Theme,
    fs: &dyn SourceFs,
    lang: &str,
    gaps: Gaps,
    diags: &mut Diagnostics,
) -> Option<Course> {
    if lang.eq_ignore_ascii_case(&course.meta.language) {
        return Some(course.clone());
    }
    let before = diags.error_count();
    if let Some(missing) = missing_translation_file(fs, lang) {
        diags.push(missing);
        return None;
    }
    let (path, format) = find(fs, lang, diags)?;
    let file = path.to_string();
    let mut units = Units::new(sources);
    let mut checked = Pending::new(&file);
    let mut previous = None;
    let header = read_each(fs, &path, format, diags, &mut |entry| {
        let own = sources.index_after(previous, &entry.key);
        previous = own.or(previous);
        check_entry(
            &entry,
            &sources.limits,
            sources.source_marks(own, &entry),
            &mut checked,
        );
        units.add(entry, own);
    })?;
    let mut pending = Pending::new(&file);
    check_header(course, &header, lang, &mut pending);
    pending.extend(checked);
    let prefill = match (&sources.theme_error, interface::prefill(theme, lang)) {
        (Some(d), _) => {
            pending.push(d.clone(), Shows::Nothing);
            BTreeMap::new()
        }
        (None, Err(e)) => {
            pending.push(theme_problem(&e), Shows::Nothing);
            BTreeMap::new()
        }
        (None, Ok(prefill)) => prefill,
    };
    if !sources.segments.is_empty() {
        for (key, unit) in &units.strays {
            let d = Diagnostic::warning(format!(
                "`{key}` is not a segment of the course (any more): its translation is not used"
            ))
            .hint("run `coursepack i18n extract` to drop it; if a tool changed the unit's id, put the original id back");
            at_unit(&mut pending, d, key, unit.line, unit.column);
        }
    }
    let mut resolved = units.resolve(&prefill);
    let severity = |problem: String| {
        if gaps.strict {
            Diagnostic::error(problem)
        } else {
            Diagnostic::warning(problem)
        }
    };
    let (mut new, mut stale) = (Gap::default(), Gap::default());
    for (s, r) in sources.segments.iter().zip(&resolved) {
        let (gap, outdated) = match r.state {
            State::Translated => continue,
            State::New => (&mut new, false),
            State::NeedsReview => (&mut stale, true),
        };
        gap.count += 1;
        if gap.count > SHOWN_ONE_BY_ONE && !gaps.each {
            gap.first_unnamed
                .get_or_insert((s.key.as_str(), r.line, r.column));
            continue;
        }
        let what = match interface::name(&s.key) {
            Some(name) => format!("the interface string `{name}`"),
            None => format!("`{}`", s.key),
        };
        let problem = if outdated {
            format!(
                "the `{lang}` translation of {what} ({}) was made for an older source text",
                s.location
            )
        } else {
            format!("no `{lang}` translation for {what} ({})", s.location)
        };
        // The unit's own line and column in the file; the file's start for a segment it does
        // not have yet.
        at_unit(
            &mut pending,
            severity(problem).hint("run `coursepack i18n extract`, translate the new or changed segments, and mark them translated"),
            &s.key,
            r.line,
            r.column,
        );
    }
    // The rest in one line, at the first of them.
    for (gap, kind, which) in [
        (
            new,
            format!("have no `{lang}` translation"),
            "those left untranslated",
        ),
        (
            stale,
            format!("have a `{lang}` translation made for an older source text"),
            "those marked for review",
        ),
    ] {
        if let Some((key, line, column)) = gap.first_unnamed {
            let (count, more) = (gap.count, gap.count - SHOWN_ONE_BY_ONE);
            let d = severity(format!(
                "{more} more segments {kind}, the first of them `{key}` ({count} in all)"
            ))
            .hint(format!(
                "`--verbose` lists each one; in `{file}` they are {which}"
            ));
            at_unit(&mut pending, d, key, line, column);
        }
    }
    warn_about_course_strings(theme, lang, &file, sources, &resolved, &mut pending);
    Loaded::report(&path, format, pending, fs, diags);
    if diags.error_count() > before {
        return None;
    }
    let mut strings = BTreeMap::new();
    for (s, r) in sources.segments.iter().zip(&mut resolved) {
        if let Some(name) = interface::name(&s.key) {
            if let Some(target) = r.target.take() {
                strings.insert(name.to_string(), target);
            }
        }
    }
    let targets: Vec<Option<String>> = resolved.into_iter().map(|r| r.target).collect();
    let mut out = sources.places.localize(course, lang, &targets);
    out.meta.interface = strings;
    out.meta.duration = Some(sources.minutes);
    Some(out)
}

/// Warns where the course's own strings file for `lang` and its translation file (`file`)
/// disagree on an interface string: the translation file wins.
fn warn_about_course_strings(
    theme: &Theme,
    lang: &str,
    file: &str,
    sources: &SourceSegments,
    resolved: &[Resolved],
    out: &mut Pending,
) {
    let Ok(Some(interface::CourseStrings {
        file: strings_file,
        strings,
    })) = interface::course_strings(theme, lang)
    else {
        return;
    };
    for (s, r) in sources.segments.iter().zip(resolved) {
        let (Some(name), Some(target), Some(theirs)) =
            (interface::name(&s.key), &r.target, strings.get(&s.key))
        else {
            continue;
        };
        if target != theirs {
            let d = Diagnostic::warning(format!(
                "`{file}` translates the interface string `{name}` as “{target}”, `{strings_file}` as “{theirs}”: the translation file wins"
            ))
            .hint(format!("make them agree, or remove `{name}` from `{strings_file}`"));
            at_unit(out, d, &s.key, r.line, r.column);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{SourceSegments, Units};
    use crate::i18n::catalog::{Catalog, State};
    use crate::i18n::lines::Pending;
    use crate::i18n::segments::course_segments;
    use crate::i18n::xliff::tests::Rng;
    use crate::i18n::{interface, merge};
    use crate::model::Course;
    use crate::render::Theme;
    use crate::source::fs::DiskFs;

    /// The example course and its theme.
    fn example() -> (Course, Theme) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("course");
        let fs = DiskFs::new(&root).expect("course folder");
        let course = crate::load(&fs)
            .expect("load")
            .course
            .expect("valid course");
        let theme = Theme::load(&fs, &course.meta.languages).expect("theme");
        (course, theme)
    }

    /// A translation file for `course` as tools leave them: units dropped, translated, marked
    /// for review or new, made for another source, renamed (so that only their hash finds them),
    /// and units of keys the course never had.
    fn shuffled_file(current: &Catalog, rng: &mut Rng) -> Catalog {
        let mut file = current.clone();
        file.entries.clear();
        for (n, e) in current.entries.iter().enumerate() {
            let mut e = e.clone();
            e.line = n + 1;
            e.column = 1 + rng.below(3);
            if rng.below(3) > 0 {
                e.target = Some(format!("«{}» {}", e.key, rng.pick(&["a", "", "b *c*"])));
            }
            e.state = [State::Translated, State::NeedsReview, State::New][rng.below(3)];
            match rng.below(8) {
                0 => continue,
                1 => e.hash = format!("{:012x}", rng.below(1 << 20)),
                2 => e.key = format!("{}-renamed", e.key),
                _ => {}
            }
            file.entries.push(e);
            // Now and then two units change places, as a tool may sort them.
            if rng.below(10) == 0 && file.entries.len() > 1 {
                let last = file.entries.len() - 1;
                file.entries.swap(last - 1, last);
            }
        }
        for k in 0..rng.below(4) {
            let mut stray = current.entries[rng.below(current.entries.len())].clone();
            stray.key = format!("gone/{k}");
            stray.target = Some(format!("stray {k}"));
            stray.state = State::Translated;
            file.entries.push(stray);
        }
        file
    }

    #[test]
    fn a_build_takes_the_translations_the_i18n_commands_merge() {
        let (course, theme) = example();
        let sources = SourceSegments::of(&course, &theme);
        let current = merge(&course, &theme, "en", None).expect("merge");
        assert_eq!(current.entries.len(), sources.segments.len());
        let prefill = interface::prefill(&theme, "en").expect("strings");
        let mut rng = Rng::new(7);
        let mut kinds = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let file = shuffled_file(&current, &mut rng);
            let merged = merge(&course, &theme, "en", Some(&file)).expect("merge");
            let mut units = Units::new(&sources);
            // As a build looks units up: the next segment first (shuffled files miss it).
            let mut previous = None;
            file.entries.iter().cloned().for_each(|e| {
                let own = sources.index_after(previous, &e.key);
                assert_eq!(own, sources.index_of(&e.key));
                previous = own.or(previous);
                units.add(e, own)
            });
            let resolved = units.resolve(&prefill);
            assert_eq!(merged.entries.len(), resolved.len());
            for ((m, r), s) in merged.entries.iter().zip(&resolved).zip(&sources.segments) {
                assert_eq!(m.key, s.key);
                let expected = (&m.target, m.state, m.line, m.column);
                assert_eq!(
                    expected,
                    (&r.target, r.state, r.line, r.column),
                    "{}",
                    m.key
                );
                kinds.insert(format!("{:?} {}", r.state, r.target.is_some()));
            }
        }
        // Every outcome was met: kept, to review, moved or prefilled, missing.
        assert!(kinds.len() >= 4, "{kinds:?}");
    }

    #[test]
    fn a_translation_shows_the_duration_of_its_source() {
        let (course, theme) = example();
        assert_eq!(
            course.meta.duration, None,
            "the example course lets it be estimated"
        );
        let sources = SourceSegments::of(&course, &theme);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("course");
        let fs = DiskFs::new(&root).expect("course folder");
        let mut diags = crate::diag::Diagnostics::new();
        let en = super::translated_course(
            &sources,
            &course,
            &theme,
            &fs,
            "en",
            super::Gaps::default(),
            &mut diags,
        )
        .expect("the English course");
        let source = crate::render::duration::estimate(&course);
        assert_eq!(en.meta.duration, Some(source));
        // Not what the English words alone would give.
        assert_ne!(crate::render::duration::estimate(&en), source);
    }

    #[test]
    fn each_translation_goes_back_where_its_segment_came_from() {
        let (course, theme) = example();
        let sources = SourceSegments::of(&course, &theme);
        let segments = course_segments(&course);
        let targets: Vec<Option<String>> = (0..sources.segments.len())
            .map(|i| segments.get(i).map(|(s, _)| format!("{} (t{i})", s.source)))
            .collect();
        let out = sources.places.localize(&course, "xx", &targets);
        assert_eq!(out.meta.language, "xx");
        let again = course_segments(&out);
        assert_eq!(again.len(), segments.len());
        for (i, (s, _)) in again.iter().enumerate() {
            assert_eq!(Some(&s.source), targets[i].as_ref(), "{}", s.key);
            assert_eq!(s.key, segments[i].0.key);
        }
        // Without translations, the course is the source's.
        let none = sources.places.localize(&course, "xx", &[]);
        assert_eq!(course_segments(&none), segments);
    }

    /// A build checks markup against the source's marks found once; the i18n commands parse
    /// each entry's source. Both report the same problems, whether the entry's source is the
    /// current one or an older text.
    #[test]
    fn a_build_checks_markup_as_the_i18n_commands_do() {
        let (course, theme) = example();
        let sources = SourceSegments::of(&course, &theme);
        let current = merge(&course, &theme, "en", None).expect("merge");
        let marked = sources
            .segments
            .iter()
            .filter(|s| s.marked.is_some())
            .count();
        assert!(marked > 10, "the example has marked segments: {marked}");
        let (mut compared, mut broken) = (0, 0);
        for entry in &current.entries {
            let own = sources.index_of(&entry.key);
            for target in [
                entry.source.clone(),
                entry.source.replacen('*', "", 1),
                format!("{} **new**", entry.source),
            ] {
                for source in [entry.source.clone(), format!("older *{}*", entry.source)] {
                    let mut e = entry.clone();
                    e.target = Some(target.clone());
                    e.source = source;
                    let known = sources.source_marks(own, &e);
                    assert_eq!(
                        known.is_some(),
                        own.is_some_and(|i| sources.segments[i].marked.is_some())
                            && e.source == entry.source
                    );
                    let limits = std::collections::BTreeMap::new();
                    let (mut by_build, mut by_commands) = (Pending::new("t"), Pending::new("t"));
                    crate::i18n::check_entry(&e, &limits, known, &mut by_build);
                    crate::i18n::check_entry(&e, &limits, None, &mut by_commands);
                    let messages = |p: Pending| -> Vec<String> {
                        p.resolve_text("")
                            .iter()
                            .map(|d| d.message.clone())
                            .collect()
                    };
                    let found = messages(by_build);
                    assert_eq!(found, messages(by_commands), "{}", e.key);
                    compared += usize::from(known.is_some());
                    broken += usize::from(known.is_some() && !found.is_empty());
                }
            }
        }
        assert!(compared >= 3 * marked, "{compared}");
        // The translations that drop or add a mark, checked against the known marks.
        assert!(broken >= 2 * marked, "{broken}");
    }
}
