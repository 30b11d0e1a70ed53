//! Adding a language to `course.toml` without disturbing it: the author's layout, comments and
//! key order stay as they are (toml_edit), only the `languages` list grows.

use toml_edit::{Array, DocumentMut, Item, Value};

/// `course.toml`'s text with `lang` appended to `languages` (created as `[source, lang]` after
/// the last top-level value when the course has none). The error says why the file cannot be
/// edited.
pub fn add_language(toml: &str, source_lang: &str, lang: &str) -> Result<String, String> {
    let mut doc: DocumentMut = toml.parse().map_err(|e| format!("{e}"))?;
    match doc.get_mut("languages") {
        Some(item) => {
            let list = item
                .as_array_mut()
                .ok_or("`languages` is not a list of language tags")?;
            // The new tag is laid out like the last one: on a line of its own, indented the same,
            // in a list written one tag per line (a comment after the last tag stays with it).
            let last_prefix = list
                .iter()
                .last()
                .and_then(|v| v.decor().prefix())
                .and_then(|p| p.as_str())
                .unwrap_or(" ")
                .to_string();
            let trailing = list.trailing().as_str().unwrap_or("").to_string();
            list.push(lang);
            let (prefix, trailing) = match last_prefix.rsplit_once('\n') {
                Some((_, indent)) => {
                    let (comment, closing) = trailing.rsplit_once('\n').unwrap_or(("", &trailing));
                    (format!("{comment}\n{indent}"), format!("\n{closing}"))
                }
                None => (last_prefix.clone(), trailing),
            };
            if let Some(new) = list.iter_mut().last() {
                new.decor_mut().set_prefix(prefix);
            }
            list.set_trailing(trailing);
        }
        None => {
            let mut list = Array::new();
            list.push(source_lang);
            list.push(lang);
            doc.insert("languages", Item::Value(Value::Array(list)));
        }
    }
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::add_language;

    #[test]
    fn appends_to_the_list_keeping_everything_else() {
        let toml = "# The course\nid = \"x\" # its IRI\nlanguage = \"fr\"\nlanguages = [\"fr\", \"en\"]  # built\n\n[completion]\nrequire = [\"all-pages\"]\n";
        assert_eq!(
            add_language(toml, "fr", "de").as_deref(),
            Ok("# The course\nid = \"x\" # its IRI\nlanguage = \"fr\"\nlanguages = [\"fr\", \"en\", \"de\"]  # built\n\n[completion]\nrequire = [\"all-pages\"]\n")
        );
        let one_per_line = "language = \"fr\"\nlanguages = [\n  \"fr\",\n  \"en\", # English\n]\n";
        assert_eq!(
            add_language(one_per_line, "fr", "ar").as_deref(),
            Ok("language = \"fr\"\nlanguages = [\n  \"fr\",\n  \"en\", # English\n  \"ar\",\n]\n")
        );
    }

    #[test]
    fn creates_the_list_when_there_is_none() {
        let toml = "id = \"x\"\nlanguage = \"en\"\nlessons = [\"a.md\"]\n\n[quiz]\nattempts = 2\n";
        assert_eq!(
            add_language(toml, "en", "es").as_deref(),
            Ok("id = \"x\"\nlanguage = \"en\"\nlessons = [\"a.md\"]\nlanguages = [\"en\", \"es\"]\n\n[quiz]\nattempts = 2\n")
        );
    }

    #[test]
    fn refuses_what_it_cannot_edit() {
        assert!(add_language("languages = \"fr\"\n", "fr", "de")
            .is_err_and(|e| e.contains("not a list")));
        assert!(add_language("languages = [\n", "fr", "de").is_err());
    }
}
