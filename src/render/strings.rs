//! The interface strings as templates read them: `strings.next` in every block of every page,
//! tens of thousands of times a build, found by hashing the name instead of comparing it along
//! a sorted map of template values.

use minijinja::value::{Enumerator, Object, ObjectRepr, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// `strings` as the template value every template gets: a map that lists its names in order
/// (as a map of template values would, for `|items`, `|tojson` and loops).
pub fn template_value(strings: &BTreeMap<String, String>) -> Value {
    Value::from_object(Strings {
        by_name: strings
            .iter()
            .map(|(name, text)| (name.clone(), Value::from(text.as_str())))
            .collect(),
        names: strings
            .keys()
            .map(|name| Value::from(name.as_str()))
            .collect(),
    })
}

#[derive(Debug)]
struct Strings {
    by_name: foldhash::HashMap<String, Value>,
    /// The names in order.
    names: Vec<Value>,
}

impl Object for Strings {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, name: &Value) -> Option<Value> {
        self.by_name.get(name.as_str()?).cloned()
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Values(self.names.clone())
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        Some(self.names.len())
    }
}

#[cfg(test)]
mod tests {
    use super::template_value;
    use minijinja::Environment;
    use std::collections::BTreeMap;

    /// Templates read the strings as they read a map made from them: one by one, in loops, whole,
    /// missing ones undefined.
    #[test]
    fn reads_as_the_map_it_is_made_from() {
        let strings: BTreeMap<String, String> =
            [("next", "Suivant"), ("back", "Retour"), ("a", "<b>")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        let env = Environment::new();
        let source = "{{ s.next }}|{{ s['back'] }}|{{ s.missing is defined }}|{{ s|length }}|\
                      {% for k, v in s|items %}{{ k }}={{ v }};{% endfor %}|{{ s }}|{{ s.a }}";
        let render = |s| {
            env.render_str(source, minijinja::context! { s => s })
                .expect("renders")
        };
        let fast = render(template_value(&strings));
        assert_eq!(fast, render(minijinja::Value::from_serialize(&strings)));
        assert!(
            fast.starts_with("Suivant|Retour|False|3|a=<b>;back=Retour;next=Suivant;|"),
            "{fast}"
        );
    }
}
