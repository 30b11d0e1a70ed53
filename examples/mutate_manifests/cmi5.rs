//! cmi5 operators of the mutation corpus: the values of an AU's attributes (`moveOn`,
//! `launchMethod`, `masteryScore`, `activityType`), ids, urls, the order and number of an AU's
//! children, objectives (an `xs:all` and references without wildcards), langstrings, blocks,
//! the `##other` lax wildcards and `xsi:` attributes.

use super::{split_qname, Doc, Gen, Info, Node};

pub(super) const CMI5: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const FOREIGN: &str = "urn:example:coursepack:foreign";

/// The folder a cmi5 mutant goes to: cmi5's schema for a root in the cmi5 namespace, as
/// coursepack picks it; any other root goes where a SCORM document would.
pub(super) fn route(d: &Doc) -> &'static str {
    let (prefix, _) = split_qname(&d.root.name);
    let key = if prefix.is_empty() {
        "xmlns".to_string()
    } else {
        format!("xmlns:{prefix}")
    };
    let ns = d
        .root
        .attrs
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.as_str());
    if ns == Some(CMI5) {
        "cmi5"
    } else {
        super::scorm2004::route(d)
    }
}

/// `<name>` in the cmi5 namespace with one langstring.
fn text(name: &str, value: &str) -> String {
    format!("<{name} xmlns=\"{CMI5}\"><langstring lang=\"en\">{value}</langstring></{name}>")
}

/// The element children of `at` named `local` in the cmi5 namespace.
fn children(d: &Doc, at: &Info, local: &str) -> Vec<Info> {
    d.infos()
        .into_iter()
        .filter(|i| {
            i.path.len() == at.path.len() + 1
                && i.path.starts_with(&at.path)
                && i.ns == CMI5
                && i.local == local
        })
        .collect()
}

pub(super) fn cmi5(g: &mut Gen) {
    let d0 = g.orig.clone();
    let aus = d0.find(CMI5, "au");
    let Some(au) = aus.first().cloned() else {
        return;
    };
    let au_last = aus.last().cloned().unwrap_or_else(|| au.clone());
    let course = d0.first(CMI5, "course").expect("course");
    let url = children(&d0, &au, "url").into_iter().next().expect("url");
    let title = children(&d0, &au, "title")
        .into_iter()
        .next()
        .expect("title");
    let langstring = d0.first(CMI5, "langstring").expect("langstring");

    // The AU's attributes: enumerations (case and whitespace matter for xs:string), a decimal
    // with bounds, a plain string.
    for (what, v) in [
        ("passed", "Passed"),
        ("completed", "Completed"),
        ("and", "CompletedAndPassed"),
        ("or", "CompletedOrPassed"),
        ("na", "NotApplicable"),
        ("lower", "passed"),
        ("padded", " Passed"),
        ("empty", ""),
        ("unknown", "Satisfied"),
    ] {
        g.mutate(&format!("moveon-{what}"), |d| {
            d.set_attr(&au.path, "moveOn", v);
            true
        });
    }
    for (what, v) in [
        ("any", "AnyWindow"),
        ("own", "OwnWindow"),
        ("lower", "ownwindow"),
        ("padded", "OwnWindow "),
        ("new", "NewWindow"),
        ("empty", ""),
    ] {
        g.mutate(&format!("launchmethod-{what}"), |d| {
            d.set_attr(&au_last.path, "launchMethod", v);
            true
        });
    }
    for (what, v) in [
        ("zero", "0"),
        ("one", "1"),
        ("half", "0.5"),
        ("one-point-zero", "1.0"),
        ("above", "1.0001"),
        ("minus-zero", "-0"),
        ("negative", "-0.1"),
        ("plus", "+0.5"),
        ("leading-point", ".5"),
        ("trailing-point", "5."),
        ("exponent", "1e-1"),
        ("padded", " 0.5 "),
        ("empty", ""),
        ("word", "high"),
        ("percent", "80%"),
        ("comma", "0,5"),
        ("many-digits", "0.12345678901234567890"),
        ("leading-zeros", "000.5"),
        ("ten", "10"),
    ] {
        g.mutate(&format!("masteryscore-{what}"), |d| {
            d.set_attr(&au.path, "masteryScore", v);
            true
        });
    }
    for (what, v) in [
        ("iri", "http://adlnet.gov/expapi/activities/lesson"),
        ("word", "lesson"),
        ("empty", ""),
    ] {
        g.mutate(&format!("activitytype-{what}"), |d| {
            d.set_attr(&au.path, "activityType", v);
            true
        });
    }
    g.mutate("au-unknown-attribute", |d| {
        d.set_attr(&au.path, "mastery", "0.5");
        true
    });
    g.mutate("au-foreign-attribute", |d| {
        d.set_attr(&au.path, "xmlns:f", FOREIGN);
        d.set_attr(&au.path, "f:weight", "2");
        true
    });
    g.mutate("au-no-id", |d| {
        d.elem_mut(&au.path).attrs.retain(|(k, _)| k != "id");
        true
    });

    // Ids: xs:anyURI, unique only by the specification (no identity constraint).
    for (what, v) in [
        ("relative", "course-1"),
        ("space", "http://example.com/a b"),
        ("percent-bad", "http://example.com/%zz"),
        ("empty", ""),
        ("urn", "urn:uuid:7e1b2b4a-0000-4000-8000-000000000000"),
        ("unicode", "http://example.com/\u{436}"),
    ] {
        g.mutate(&format!("course-id-{what}"), |d| {
            d.set_attr(&course.path, "id", v);
            true
        });
    }
    if aus.len() >= 2 {
        g.mutate("au-id-duplicated", |d| {
            let v = d.attr(&aus[0].path, "id").unwrap_or_default();
            d.set_attr(&aus[1].path, "id", &v);
            true
        });
    }

    // The url: a non-empty xs:anyURI, once, with no attributes or children.
    for (what, v) in [
        ("empty", ""),
        ("spaces", "   "),
        ("space-inside", "a b.html"),
        ("percent-bad", "a%zz.html"),
        ("absolute", "https://example.com/au/start"),
        ("query", "index.html?fetch=x&amp;a=1"),
        ("application", "myapp://start"),
    ] {
        g.mutate(&format!("url-{what}"), |d| {
            d.set_content(&url.path, v);
            true
        });
    }
    g.mutate("url-twice", |d| {
        d.insert_after(
            &url.path,
            Node::Raw(format!("<url xmlns=\"{CMI5}\">b.html</url>")),
        );
        true
    });
    g.mutate("url-missing", |d| {
        d.remove(&url.path);
        true
    });
    g.mutate("url-attribute", |d| {
        d.set_attr(&url.path, "type", "html");
        true
    });
    g.mutate("url-foreign-attribute", |d| {
        d.set_attr(&url.path, "xmlns:f", FOREIGN);
        d.set_attr(&url.path, "f:type", "html");
        true
    });
    g.mutate("url-child", |d| {
        d.set_content(&url.path, "<b>index.html</b>");
        true
    });

    // The AU's optional children: launchParameters and entitlementKey are of xs:anyType.
    let after_url = [
        (
            "launch-parameters",
            "<launchParameters>a=1</launchParameters>".to_string(),
        ),
        (
            "launch-parameters-markup",
            format!("<launchParameters><p xmlns=\"{FOREIGN}\">1</p></launchParameters>"),
        ),
        (
            "launch-parameters-attribute",
            "<launchParameters mode=\"x\">a=1</launchParameters>".to_string(),
        ),
        (
            "entitlement-key",
            "<entitlementKey>k-1</entitlementKey>".to_string(),
        ),
        (
            "both",
            "<launchParameters>a=1</launchParameters><entitlementKey>k-1</entitlementKey>"
                .to_string(),
        ),
        (
            "both-swapped",
            "<entitlementKey>k-1</entitlementKey><launchParameters>a=1</launchParameters>"
                .to_string(),
        ),
        (
            "launch-parameters-twice",
            "<launchParameters>a</launchParameters><launchParameters>b</launchParameters>"
                .to_string(),
        ),
        (
            "foreign-element",
            format!("<f:extra xmlns:f=\"{FOREIGN}\">x</f:extra>"),
        ),
        (
            "foreign-then-key",
            format!("<f:extra xmlns:f=\"{FOREIGN}\"/><entitlementKey>k</entitlementKey>"),
        ),
        (
            "no-namespace-element",
            "<extra xmlns=\"\">x</extra>".to_string(),
        ),
        ("unknown-cmi5-element", "<requires/>".to_string()),
    ];
    for (what, fragment) in after_url {
        g.mutate(&format!("au-after-url-{what}"), |d| {
            d.insert_after(&url.path, Node::Raw(fragment));
            true
        });
    }
    g.mutate("au-foreign-before-description", |d| {
        d.insert_after(
            &title.path,
            Node::Raw(format!("<f:extra xmlns:f=\"{FOREIGN}\"/>")),
        );
        true
    });
    g.mutate("au-url-before-title", |d| {
        let moved = d.elem(&url.path).clone();
        d.remove(&url.path);
        d.insert_before(&title.path, Node::Elem(moved));
        true
    });
    g.mutate("au-no-description", |d| {
        let Some(desc) = children(d, &au, "description").into_iter().next() else {
            return false;
        };
        d.remove(&desc.path);
        true
    });
    g.mutate("au-objectives-after-url", |d| {
        d.insert_after(
            &url.path,
            Node::Raw(format!(
                "<objectives xmlns=\"{CMI5}\"><objective idref=\"http://example.com/o\"/></objectives>"
            )),
        );
        true
    });

    // Objective references: an attribute only, no wildcard.
    let references = [
        ("idref", "<objective idref=\"http://example.com/o\"/>"),
        ("no-idref", "<objective/>"),
        ("idref-bad", "<objective idref=\"http://example.com/%zz\"/>"),
        ("two", "<objective idref=\"http://example.com/o1\"/><objective idref=\"http://example.com/o2\"/>"),
        ("id-not-idref", "<objective id=\"http://example.com/o\"/>"),
        ("child", "<objective idref=\"http://example.com/o\"><title/></objective>"),
        ("empty", ""),
    ];
    for (what, inner) in references {
        g.mutate(&format!("au-objective-reference-{what}"), |d| {
            d.insert_after(
                &children(d, &au, "description")[0].path,
                Node::Raw(format!("<objectives xmlns=\"{CMI5}\">{inner}</objectives>")),
            );
            true
        });
    }

    // The course's objectives: an xs:all of title and description.
    let declared = [
        (
            "title-description",
            format!("{}{}", text("title", "T"), text("description", "D")),
        ),
        (
            "description-title",
            format!("{}{}", text("description", "D"), text("title", "T")),
        ),
        ("title-only", text("title", "T")),
        (
            "two-titles",
            format!(
                "{}{}{}",
                text("title", "T"),
                text("title", "U"),
                text("description", "D")
            ),
        ),
        (
            "foreign",
            format!(
                "{}{}<f:x xmlns:f=\"{FOREIGN}\"/>",
                text("title", "T"),
                text("description", "D")
            ),
        ),
    ];
    for (what, inner) in declared {
        g.mutate(&format!("course-objective-{what}"), |d| {
            if d.first(CMI5, "objectives").is_some_and(|o| o.path.len() == 1) {
                return false;
            }
            d.insert_after(
                &course.path,
                Node::Raw(format!(
                    "<objectives xmlns=\"{CMI5}\"><objective id=\"http://example.com/o\">{inner}</objective></objectives>"
                )),
            );
            true
        });
    }
    g.mutate("course-objectives-empty", |d| {
        d.insert_after(
            &course.path,
            Node::Raw(format!("<objectives xmlns=\"{CMI5}\"/>")),
        );
        true
    });
    g.mutate("course-objective-no-id", |d| {
        d.insert_after(
            &course.path,
            Node::Raw(format!(
                "<objectives xmlns=\"{CMI5}\"><objective>{}{}</objective></objectives>",
                text("title", "T"),
                text("description", "D")
            )),
        );
        true
    });

    // Langstrings: simple content with an xs:language, foreign attributes only.
    for (what, v) in [
        ("en-us", "en-US"),
        ("empty", ""),
        ("underscore", "en_US"),
        ("space", "en US"),
        ("padded", " en "),
        ("long-subtag", "en-abcdefghi"),
        ("private", "x-klingon"),
    ] {
        g.mutate(&format!("langstring-lang-{what}"), |d| {
            d.set_attr(&langstring.path, "lang", v);
            true
        });
    }
    g.mutate("langstring-no-lang", |d| {
        d.elem_mut(&langstring.path)
            .attrs
            .retain(|(k, _)| k != "lang");
        true
    });
    g.mutate("langstring-xml-lang", |d| {
        d.set_attr(&langstring.path, "xml:lang", "en");
        true
    });
    g.mutate("langstring-unknown-attribute", |d| {
        d.set_attr(&langstring.path, "dir", "rtl");
        true
    });
    g.mutate("langstring-child", |d| {
        d.set_content(&langstring.path, "<b>bold</b>");
        true
    });
    g.mutate("title-no-langstring", |d| {
        d.set_content(&title.path, "");
        true
    });
    g.mutate("title-text-only", |d| {
        d.set_content(&title.path, "A title");
        true
    });
    g.mutate("title-second-langstring", |d| {
        d.append(
            &title.path,
            Node::Raw(format!(
                "<langstring xmlns=\"{CMI5}\" lang=\"fr\">Titre</langstring>"
            )),
        );
        true
    });

    // Blocks and the course structure's own order.
    let block = |inner: &str| -> String {
        format!(
            "<block xmlns=\"{CMI5}\" id=\"http://example.com/b\">{}{}{inner}</block>",
            text("title", "B"),
            text("description", "B")
        )
    };
    let inner_au = format!(
        "<au id=\"http://example.com/b/au\">{}{}<url>b.html</url></au>",
        text("title", "A"),
        text("description", "A")
    );
    let blocks = [
        ("with-au", block(&inner_au)),
        ("empty", block("")),
        ("nested", block(&block(&inner_au))),
        (
            "objectives-after-au",
            block(&format!(
                "{inner_au}<objectives><objective idref=\"http://example.com/o\"/></objectives>"
            )),
        ),
        (
            "no-id",
            block(&inner_au).replace(" id=\"http://example.com/b\"", ""),
        ),
    ];
    for (what, fragment) in blocks {
        g.mutate(&format!("block-{what}"), |d| {
            d.insert_after(&au_last.path, Node::Raw(fragment));
            true
        });
    }
    g.mutate("course-after-au", |d| {
        let moved = d.elem(&course.path).clone();
        d.append(&[], Node::Elem(moved));
        d.remove(&course.path);
        true
    });
    g.mutate("course-twice", |d| {
        let copy = d.elem(&course.path).clone();
        d.insert_after(&course.path, Node::Elem(copy));
        true
    });
    g.mutate("course-no-description", |d| {
        let Some(desc) = children(d, &course, "description").into_iter().next() else {
            return false;
        };
        d.remove(&desc.path);
        true
    });
    g.mutate("course-no-au", |d| {
        for a in d.find(CMI5, "au").iter().rev() {
            if a.path.len() == 1 {
                d.remove(&a.path);
            }
        }
        for b in d.find(CMI5, "block").iter().rev() {
            if b.path.len() == 1 {
                d.remove(&b.path);
            }
        }
        true
    });
    g.mutate("structure-foreign-at-end", |d| {
        d.append(&[], Node::Raw(format!("<f:extra xmlns:f=\"{FOREIGN}\"/>")));
        true
    });
    g.mutate("structure-foreign-attribute", |d| {
        d.set_attr(&[], "xmlns:f", FOREIGN);
        d.set_attr(&[], "f:version", "1");
        true
    });
    g.mutate("structure-unknown-attribute", |d| {
        d.set_attr(&[], "version", "1");
        true
    });
    g.mutate("au-as-root", |d| {
        let mut root = d.elem(&au.path).clone();
        root.attrs.push(("xmlns".into(), CMI5.into()));
        d.root = root;
        true
    });

    // xsi: attributes.
    g.mutate("au-xsi-type-same", |d| {
        d.set_attr(&[], "xmlns:xsi", XSI);
        d.set_attr(&[], "xmlns:c", CMI5);
        d.set_attr(&au.path, "xsi:type", "c:auType");
        true
    });
    g.mutate("au-xsi-type-other", |d| {
        d.set_attr(&[], "xmlns:xsi", XSI);
        d.set_attr(&[], "xmlns:c", CMI5);
        d.set_attr(&au.path, "xsi:type", "c:blockType");
        true
    });
    g.mutate("au-xsi-nil", |d| {
        d.set_attr(&[], "xmlns:xsi", XSI);
        d.set_attr(&au.path, "xsi:nil", "true");
        true
    });
    g.mutate("root-xsi-schemalocation", |d| {
        d.set_attr(&[], "xmlns:xsi", XSI);
        d.set_attr(
            &[],
            "xsi:schemaLocation",
            &format!("{CMI5} CourseStructure.xsd"),
        );
        true
    });
    g.mutate("au-xml-base", |d| {
        d.set_attr(&au.path, "xml:base", "content/");
        true
    });

    // Namespaces.
    g.mutate("cmi5-prefixed", |d| {
        fn prefix(e: &mut super::Elem) {
            if !e.name.contains(':') {
                e.name = format!("c:{}", e.name);
            }
            for child in &mut e.children {
                if let Node::Elem(c) = child {
                    prefix(c);
                }
            }
        }
        if d.root
            .attrs
            .iter()
            .any(|(k, _)| k != "xmlns" && k.starts_with("xmlns"))
        {
            return false;
        }
        prefix(&mut d.root);
        for (k, _) in d.root.attrs.iter_mut() {
            if k == "xmlns" {
                *k = "xmlns:c".into();
            }
        }
        true
    });
    g.mutate("cmi5-old-namespace", |d| {
        d.set_attr(
            &[],
            "xmlns",
            "http://www.adlnet.gov/cmi5/CourseStructure.xsd",
        );
        true
    });
    g.mutate("cmi5-ns-http", |d| {
        d.set_attr(
            &[],
            "xmlns",
            "http://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd",
        );
        true
    });
    g.mutate("cmi5-no-ns", |d| {
        d.root.attrs.retain(|(k, _)| k != "xmlns");
        true
    });
}
