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
#[derive(Clone, Debug, PartialEq, Eq)]
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
}

/// The segments of a course for one language pair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalog {
    /// BCP 47 tags.
    pub source_lang: String,
    pub target_lang: String,
    /// The course id (IRI), so a file is not applied to another course by mistake.
    pub course: String,
    pub entries: Vec<Entry>,
}
