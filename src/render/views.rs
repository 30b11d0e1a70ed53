//! View types: the contract between the renderer and the templates. Templates see these, never
//! the course model. Fields named `title`, `body`, `prompt`, `text`, `feedback` and `caption`
//! hold HTML the renderer already escaped (templates print them with `|safe`); every other string
//! is plain text that the template engine escapes.

use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
pub struct CourseView {
    pub id: String,
    pub title: String,
    pub lang: String,
    pub dir: &'static str,
}

#[derive(Serialize)]
pub struct LessonView {
    pub id: String,
    pub title: String,
    pub number: usize,
    pub body: String,
}

/// The context of `page.html`.
#[derive(Serialize)]
pub struct PageView<'a> {
    pub course: &'a CourseView,
    pub lessons: Vec<LessonView>,
    pub data_json: String,
    pub strings: &'a BTreeMap<String, String>,
    /// The path from the page to the package root.
    pub assets: &'a str,
}

/// A tabs block, carousel or accordion (`blocks/tabs.html`, `carousel.html`, `accordion.html`).
#[derive(Serialize)]
pub struct GroupView {
    pub id: String,
    pub label: Option<String>,
    pub items: Vec<ItemView>,
}

#[derive(Serialize)]
pub struct ItemView {
    pub id: String,
    pub title: String,
    pub body: String,
    pub position: usize,
    pub total: usize,
}

#[derive(Serialize)]
pub struct CalloutView {
    pub kind: &'static str,
    pub title: Option<String>,
    pub body: String,
}

#[derive(Serialize)]
pub struct FigureView {
    pub src: String,
    pub alt: String,
    pub caption: Option<String>,
}

#[derive(Serialize)]
pub struct QuestionView {
    pub id: String,
    pub multiple: bool,
    pub prompt: String,
    pub choices: Vec<ChoiceView>,
    pub number: usize,
    pub total: usize,
}

#[derive(Serialize)]
pub struct ChoiceView {
    pub letter: String,
    pub text: String,
    pub feedback: Option<String>,
}

/// The tracking plan embedded in each page as `#cp-data` (see `docs/runtime.md`).
#[derive(Serialize)]
pub struct PageData<'a> {
    pub course: &'a str,
    pub standard: &'a str,
    pub lang: &'a str,
    pub lessons: Vec<String>,
    pub groups: Vec<GroupData>,
    pub questions: Vec<QuestionData>,
    pub completion: CompletionData,
    pub mastery: Option<u8>,
    pub strings: &'a BTreeMap<String, String>,
    /// Activity ids and names, for xAPI pages only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub xapi: Option<XapiData>,
}

/// The xAPI activities of a page (see `docs/xapi.md`): ids are IRIs under the course IRI built
/// from stable ids, so every language reports the same activities.
#[derive(Serialize, Clone)]
pub struct XapiData {
    pub course: XapiActivity,
    pub lessons: BTreeMap<String, XapiActivity>,
    pub groups: BTreeMap<String, XapiActivity>,
    pub items: BTreeMap<String, XapiActivity>,
    pub questions: BTreeMap<String, XapiActivity>,
}

#[derive(Serialize, Clone)]
pub struct XapiActivity {
    pub id: String,
    /// The activity type IRI.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Plain text, in the page's language.
    pub name: String,
    /// tabs, carousel or accordion (groups).
    #[serde(rename = "kind", skip_serializing_if = "Option::is_none")]
    pub group_kind: Option<&'static str>,
    /// The group an item belongs to, its position (1-based) and the group's size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<usize>,
    /// Questions: their choices and correct letters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices: Option<Vec<XapiChoice>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correct: Option<Vec<String>>,
}

#[derive(Serialize, Clone)]
pub struct XapiChoice {
    pub id: String,
    pub description: String,
}

#[derive(Serialize)]
pub struct GroupData {
    pub id: String,
    pub kind: &'static str,
    pub items: Vec<String>,
}

#[derive(Serialize)]
pub struct QuestionData {
    pub id: String,
    pub multiple: bool,
    pub choices: Vec<String>,
    pub correct: Vec<String>,
}

#[derive(Serialize)]
pub struct CompletionData {
    pub pages: bool,
    pub items: bool,
    pub quiz: bool,
}
