//! A translation catalog: the segments of one course for one target language, as the XLIFF and
//! PO codecs read and write them.

/// Where a translation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// No translation yet.
    New,
    /// Translated for the current source text.
    Translated,
    /// Translated, but the source text changed since: a translator must review it.
    NeedsReview,
}

/// One translatable segment and its translation.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The segment's stable key: structural, never derived from text (e.g. `01-intro/b3/p2`).
    pub key: String,
    /// The source text (Markdown, inline markup kept as written).
    pub source: String,
    /// The translation; `None` when there is none yet.
    pub target: Option<String>,
    pub state: State,
    /// A short hash of the source text the target was made for (hex).
    pub hash: String,
    /// What the segment is, for the translator (e.g. "tab title in lesson “Intro”").
    pub context: String,
    /// Where it comes from: `file:line`, relative to the course folder.
    pub location: String,
    /// The key the translation was made for, on an entry marked for review (gettext's
    /// `#| msgctxt`); `None` otherwise.
    pub previous_key: Option<String>,
    /// The source text the translation was made for, on an entry marked for review (gettext's
    /// `#| msgid`, XLIFF `<alt-trans>`), so that translators see what changed; `None` otherwise.
    pub previous_source: Option<String>,
    /// The translation as it was when the entry was marked for review (the target of XLIFF's
    /// `<alt-trans>`; PO has no place for it); `None` otherwise.
    pub previous_target: Option<String>,
    /// The 1-based line and column where the entry starts in the file it was read from (0 when
    /// it was not read from a file), for diagnostics. Not part of what an entry says: equality
    /// ignores them.
    pub line: usize,
    pub column: usize,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Entry) -> bool {
        // Destructured, so that a new field cannot be forgotten here.
        let Entry {
            key,
            source,
            target,
            state,
            hash,
            context,
            location,
            previous_key,
            previous_source,
            previous_target,
            line: _,
            column: _,
        } = self;
        (
            key,
            source,
            target,
            state,
            hash,
            context,
            location,
            previous_key,
            previous_source,
            previous_target,
        ) == (
            &other.key,
            &other.source,
            &other.target,
            &other.state,
            &other.hash,
            &other.context,
            &other.location,
            &other.previous_key,
            &other.previous_source,
            &other.previous_target,
        )
    }
}

impl Eq for Entry {}

/// The segments of a course for one language pair.
#[derive(Clone, Debug)]
pub struct Catalog {
    /// BCP 47 tags.
    pub source_lang: String,
    pub target_lang: String,
    /// The course id (IRI), so a file is not applied to another course by mistake.
    pub course: String,
    pub entries: Vec<Entry>,
    /// The 1-based line of the header (PO) or `<file>` element (XLIFF) in the file it was read
    /// from (0 when it was not read from a file). Equality ignores it.
    pub line: usize,
}

impl PartialEq for Catalog {
    fn eq(&self, other: &Catalog) -> bool {
        let Catalog {
            source_lang,
            target_lang,
            course,
            entries,
            line: _,
        } = self;
        (source_lang, target_lang, course, entries)
            == (
                &other.source_lang,
                &other.target_lang,
                &other.course,
                &other.entries,
            )
    }
}

impl Eq for Catalog {}
