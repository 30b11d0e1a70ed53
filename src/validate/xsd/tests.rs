//! Data-driven tests of the whole engine, one line per case.
//!
//! Each case edits a valid base document and states the verdict `xmllint --schema` gives
//! (recorded with libxml2 2.9.14 against `tests/oracle/scorm12-driver.xsd` for SCORM 1.2 and
//! `schemas/tincan/tincan.xsd` for Tin Can) and, for invalid documents, a fragment of our
//! first message. An edit `(old, new)` replaces the first `old`; `start…end` in `old` stands
//! for the span from `start` to the next `end`; an empty `old` replaces the whole document;
//! `{{c*N}}` in either stands for N copies of the character c.
//!
//! With the `oracle` feature, `recorded_verdicts_agree_with_xmllint` re-checks every recorded
//! verdict against it, so the table cannot drift from the oracle.

use super::SchemaSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Scorm12,
    TinCan,
}

struct Base {
    kind: Kind,
    text: &'static str,
}

#[derive(Debug)]
enum Expect {
    Valid,
    /// Invalid, with a fragment of the first message.
    Invalid(&'static str),
}
use Expect::{Invalid, Valid};

type Case = (
    &'static str,
    Base,
    &'static [(&'static str, &'static str)],
    Expect,
);

/// SCORM 1.2 base document (valid).
const GOLF: Base = Base {
    kind: Kind::Scorm12,
    text: r#"<?xml version="1.0" standalone="no" ?>
<!-- A single-SCO package in the shape of the Rustici golf samples. -->
<manifest xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  identifier="com.scorm.golfsamples.runtime.basicruntime.12"
  version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
                      http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="golf_sample_default_org">
    <organization identifier="golf_sample_default_org">
      <title>Golf Explained - Run-time Basic Calls</title>
      <item identifier="item_1" identifierref="resource_1">
        <title>Golf Explained</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="resource_1" type="webcontent" adlcp:scormtype="sco"
      href="shared/launchpage.html">
      <file href="Etiquette/Course.html"/>
      <file href="Etiquette/course.jpg"/>
      <file href="shared/launchpage.html"/>
      <file href="shared/style.css"/>
    </resource>
  </resources>
</manifest>
"#,
};

/// SCORM 1.2 base document (valid).
const STORY: Base = Base {
    kind: Kind::Scorm12,
    text: r#"<?xml version="1.0" encoding="utf-8"?>
<manifest identifier="_6CiqPm9HG7L_course_id" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
    <lom xmlns="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd">
      <general>
        <title>
          <langstring xml:lang="x-none">test-ucf-js</langstring>
        </title>
      </general>
      <lifecycle>
        <version>
          <langstring xml:lang="x-none">1</langstring>
        </version>
        <status>
          <source>
            <langstring xml:lang="x-none">LOMv1.0</langstring>
          </source>
          <value>
            <langstring xml:lang="x-none">Final</langstring>
          </value>
        </status>
      </lifecycle>
      <metametadata>
        <metadatascheme>ADL SCORM 1.2</metadatascheme>
      </metametadata>
      <educational>
        <typicallearningtime>
          <datetime>PT0H0M0S</datetime>
        </typicallearningtime>
      </educational>
      <rights>
        <cost>
          <source>
            <langstring xml:lang="x-none">LOMv1.0</langstring>
          </source>
          <value>
            <langstring xml:lang="x-none">yes</langstring>
          </value>
        </cost>
      </rights>
    </lom>
  </metadata>
  <organizations default="test-ucf-js_ORG">
    <organization identifier="test-ucf-js_ORG">
      <title>test-ucf-js</title>
      <item identifier="test-ucf-js_SCO" isvisible="true" identifierref="__6CiqPm9HG7L_course_id_RES">
        <title>test-ucf-js</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="__6CiqPm9HG7L_course_id_RES" type="webcontent" href="index_lms.html" adlcp:scormtype="sco">
      <file href="story_content/thumbnail.jpg" />
      <file href="meta.xml" />
      <file href="index_lms.html" />
    </resource>
  </resources>
</manifest>
"#,
};

/// SCORM 1.2 base document (valid).
const EBPL: Base = Base {
    kind: Kind::Scorm12,
    text: r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST-27dccc2db7d6e704" version="1.0.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1" structure="hierarchical">
      <title>Fixture every-block</title>
      <item identifier="ITEM-blocks" identifierref="RES-blocks" isvisible="true">
        <title>Every block</title>
      </item>
      <item identifier="ITEM-02-quiz" identifierref="RES-02-quiz" isvisible="true">
        <title>Knowledge check</title>
        <adlcp:masteryscore>75</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-blocks" type="webcontent" adlcp:scormtype="sco" href="lessons/blocks.html">
      <file href="lessons/blocks.html"/>
      <dependency identifierref="RES-common"/>
    </resource>
    <resource identifier="RES-02-quiz" type="webcontent" adlcp:scormtype="sco" href="lessons/02-quiz.html">
      <file href="lessons/02-quiz.html"/>
      <dependency identifierref="RES-common"/>
    </resource>
    <resource identifier="RES-common" type="webcontent" adlcp:scormtype="asset">
      <file href="assets/coursepack.css"/>
      <file href="assets/coursepack.js"/>
    </resource>
  </resources>
</manifest>
"#,
};

/// Tin Can base document (valid).
const TCGOLF: Base = Base {
    kind: Kind::TinCan,
    text: r#"<?xml version="1.0" encoding="utf-8" ?>
<tincan xmlns="http://projecttincan.com/tincan.xsd">
    <activities>
        <activity id="http://id.tincanapi.com/activity/tincan-prototypes/golf-example" type="http://adlnet.gov/expapi/activities/course">
            <name>Tin Can Golf Example</name>
            <description lang="en-US">An overview of the sport of golf.</description>
            <launch lang="en-us">index.html</launch>
        </activity>
    </activities>
</tincan>
"#,
};

/// Tin Can base document (valid).
const TCSTORY: Base = Base {
    kind: Kind::TinCan,
    text: r#"<?xml version="1.0" encoding="utf-8"?>
<tincan xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns="http://projecttincan.com/tincan.xsd">
	<activities>
		<activity id="http://6IJMSJ7HBqi_course_id" type="http://adlnet.gov/expapi/activities/course">
			<name lang="und">Bleeding_Course</name>
			<description lang="und" />
			<launch lang="und">index_lms.html</launch>
		</activity>
		<activity id="http://6IJMSJ7HBqi_course_id/691xgrs7HSr" type="http://adlnet.gov/expapi/activities/module">
			<name lang="und">INTRO</name>
			<description lang="und">INTRO</description>
		</activity>
		<activity id="http://6IJMSJ7HBqi_course_id/6i6uobXcIT7" type="http://adlnet.gov/expapi/activities/module">
			<name lang="und">Теорія: Меню розділів</name>
			<description lang="und">Теорія: Меню розділів</description>
		</activity>
	</activities>
</tincan>
"#,
};

/// Tin Can base document (valid).
const TCADAPT: Base = Base {
    kind: Kind::TinCan,
    text: r#"<?xml version="1.0" encoding="utf-8" ?>
<tincan xmlns="http://projecttincan.com/tincan.xsd">
    <activities>
        <activity id="https://learning.theodi.org/xapi/activities/testing-wdwntl" type="http://adlnet.gov/expapi/activities/course">
            <name><![CDATA[Why do we need to license?]]></name>
            <description lang="en-US"><![CDATA[]]></description>
            <launch lang="en-US">index.html</launch>
        </activity>
    </activities>
</tincan>
"#,
};

/// Edits of the base documents with the verdicts xmllint gives.
#[rustfmt::skip]
const CASES: &[Case] = &[
    ("golf-no-resources", GOLF, &[("<resources>…</resources>", "")], Invalid("missing child element in `manifest`; expected `resources`")),
    ("golf-no-organizations", GOLF, &[("<organizations …</organizations>", "")], Invalid("element `resources` is not allowed here; expected `organizations`")),
    ("golf-empty-organizations", GOLF, &[("<organizations …</organizations>", "<organizations/>")], Valid),
    ("golf-resources-before-orgs", GOLF, &[("<organizations …</organizations>", ""), ("</resources>", "</resources><organizations/>")], Invalid("element `resources` is not allowed here; expected `organizations`")),
    ("golf-two-resources-elems", GOLF, &[("</resources>", "</resources><resources/>")], Invalid("element `resources` is not allowed here; expected `manifest`, an")),
    ("golf-metadata-after-orgs", GOLF, &[("<metadata>…</metadata>", ""), ("</organizations>", "</organizations><metadata/>")], Invalid("element `metadata` is not allowed here; expected `resources`")),
    ("golf-two-metadata", GOLF, &[("</metadata>", "</metadata><metadata/>")], Invalid("element `metadata` is not allowed here; expected `organizations`")),
    ("golf-no-manifest-identifier", GOLF, &[("identifier=\"com.scorm.golfsamples.runtime.basicruntime.12\"", "")], Invalid("missing required attribute `identifier` on `manifest`")),
    ("golf-no-item-identifier", GOLF, &[("<item identifier=\"item_1\" ", "<item ")], Invalid("missing required attribute `identifier` on `item`")),
    ("golf-no-resource-identifier", GOLF, &[("<resource identifier=\"resource_1\" ", "<resource ")], Invalid("missing required attribute `identifier` on `resource`")),
    ("golf-no-resource-type", GOLF, &[("type=\"webcontent\"", "")], Invalid("missing required attribute `type` on `resource`")),
    ("golf-no-file-href", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file/>")], Invalid("missing required attribute `href` on `file`")),
    ("golf-no-org-identifier", GOLF, &[("<organization identifier=\"golf_sample_default_org\">", "<organization>")], Invalid("missing required attribute `identifier` on `organization`")),
    ("golf-dup-id-item-org", GOLF, &[("<item identifier=\"item_1\"", "<item identifier=\"golf_sample_default_org\"")], Invalid("duplicate ID: attribute `identifier` has value")),
    ("golf-dup-id-resource-item", GOLF, &[("<resource identifier=\"resource_1\"", "<resource identifier=\"item_1\"")], Invalid("duplicate ID: attribute `identifier` has value `item_1`, which")),
    ("golf-dup-id-manifest-res", GOLF, &[("identifier=\"com.scorm.golfsamples.runtime.basicruntime.12\"", "identifier=\"resource_1\"")], Invalid("duplicate ID: attribute `identifier` has value `resource_1`, which")),
    ("golf-id-digit", GOLF, &[("<item identifier=\"item_1\"", "<item identifier=\"1item\"")], Invalid("attribute `identifier` has value `1item`; expected an XML name")),
    ("golf-id-space", GOLF, &[("<item identifier=\"item_1\"", "<item identifier=\"item 1\"")], Invalid("attribute `identifier` has value `item 1`; expected an XML name")),
    ("golf-id-colon", GOLF, &[("<item identifier=\"item_1\"", "<item identifier=\"a:b\"")], Invalid("attribute `identifier` has value `a:b`; expected an XML name without")),
    ("golf-id-empty", GOLF, &[("<item identifier=\"item_1\"", "<item identifier=\"\"")], Invalid("attribute `identifier` has value ``; expected an XML name without a")),
    ("golf-id-padded", GOLF, &[("<item identifier=\"item_1\"", "<item identifier=\" item_1 \"")], Valid),
    ("golf-id-unicode", GOLF, &[("<item identifier=\"item_1\"", "<item identifier=\"élément\"")], Valid),
    ("golf-id-hyphen-start", GOLF, &[("<item identifier=\"item_1\"", "<item identifier=\"-item\"")], Invalid("attribute `identifier` has value `-item`; expected an XML name")),
    ("golf-id-dot-start", GOLF, &[("<item identifier=\"item_1\"", "<item identifier=\".item\"")], Invalid("attribute `identifier` has value `.item`; expected an XML name")),
    ("golf-default-missing-id", GOLF, &[("default=\"golf_sample_default_org\"", "default=\"nope\"")], Valid),
    ("golf-default-empty", GOLF, &[("default=\"golf_sample_default_org\"", "default=\"\"")], Invalid("attribute `default` has value ``; expected an XML name without a")),
    ("golf-default-bad", GOLF, &[("default=\"golf_sample_default_org\"", "default=\"1org\"")], Invalid("attribute `default` has value `1org`; expected an XML name without a")),
    ("golf-default-two", GOLF, &[("default=\"golf_sample_default_org\"", "default=\"a b\"")], Invalid("attribute `default` has value `a b`; expected an XML name without a")),
    ("golf-no-default", GOLF, &[(" default=\"golf_sample_default_org\"", "")], Valid),
    ("golf-scormtype-bad", GOLF, &[("adlcp:scormtype=\"sco\"", "adlcp:scormtype=\"SCO\"")], Invalid("attribute `adlcp:scormtype`: value `SCO` is not one of the allowed")),
    ("golf-scormtype-x", GOLF, &[("adlcp:scormtype=\"sco\"", "adlcp:scormtype=\"x\"")], Invalid("attribute `adlcp:scormtype`: value `x` is not one of the allowed")),
    ("golf-scormtype-space", GOLF, &[("adlcp:scormtype=\"sco\"", "adlcp:scormtype=\" sco\"")], Invalid("attribute `adlcp:scormtype`: value ` sco` is not one of the allowed")),
    ("golf-scormtype-empty", GOLF, &[("adlcp:scormtype=\"sco\"", "adlcp:scormtype=\"\"")], Invalid("attribute `adlcp:scormtype`: value `` is not one of the allowed")),
    ("golf-scormtype-asset", GOLF, &[("adlcp:scormtype=\"sco\"", "adlcp:scormtype=\"asset\"")], Valid),
    ("golf-scormtype-unprefixed", GOLF, &[("adlcp:scormtype=\"sco\"", "scormtype=\"sco\"")], Invalid("attribute `scormtype` is not allowed on `resource`")),
    ("golf-scormtype-wrongns", GOLF, &[("adlcp:scormtype=\"sco\"", "x:scormtype=\"sco\" xmlns:x=\"http://example.com/x\"")], Invalid("attribute `x:scormtype` is not declared in the schemas (namespace")),
    ("golf-scormtype-on-item", GOLF, &[("<item identifier=\"item_1\"", "<item adlcp:scormtype=\"sco\" identifier=\"item_1\"")], Valid),
    ("golf-scormtype-on-file", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"Etiquette/Course.html\" adlcp:scormtype=\"sco\"/>")], Valid),
    ("golf-isvisible-true", GOLF, &[("<item identifier=\"item_1\"", "<item isvisible=\"true\" identifier=\"item_1\"")], Valid),
    ("golf-isvisible-yes", GOLF, &[("<item identifier=\"item_1\"", "<item isvisible=\"yes\" identifier=\"item_1\"")], Invalid("attribute `isvisible` has value `yes`; expected a boolean (true,")),
    ("golf-isvisible-True", GOLF, &[("<item identifier=\"item_1\"", "<item isvisible=\"True\" identifier=\"item_1\"")], Invalid("attribute `isvisible` has value `True`; expected a boolean (true,")),
    ("golf-isvisible-1", GOLF, &[("<item identifier=\"item_1\"", "<item isvisible=\"1\" identifier=\"item_1\"")], Valid),
    ("golf-isvisible-empty", GOLF, &[("<item identifier=\"item_1\"", "<item isvisible=\"\" identifier=\"item_1\"")], Invalid("attribute `isvisible` has value ``; expected a boolean (true, false,")),
    ("golf-isvisible-padded", GOLF, &[("<item identifier=\"item_1\"", "<item isvisible=\" false \" identifier=\"item_1\"")], Valid),
    ("golf-item-unknown-attr", GOLF, &[("<item identifier=\"item_1\"", "<item foo=\"bar\" identifier=\"item_1\"")], Invalid("attribute `foo` is not allowed on `item`")),
    ("golf-manifest-unknown-attr", GOLF, &[("version=\"1\"", "version=\"1\" foo=\"bar\"")], Invalid("attribute `foo` is not allowed on `manifest`")),
    ("golf-resource-unknown-attr", GOLF, &[("type=\"webcontent\"", "type=\"webcontent\" scormtype=\"sco\"")], Invalid("attribute `scormtype` is not allowed on `resource`")),
    ("golf-parameters-ok", GOLF, &[("<item identifier=\"item_1\"", "<item parameters=\"?a=1\" identifier=\"item_1\"")], Valid),
    ("golf-parameters-long", GOLF, &[("<item identifier=\"item_1\"", "<item parameters=\"{{p*1001}}\" identifier=\"item_1\"")], Invalid("attribute `parameters` is longer than 1000 characters (it has 1001)")),
    ("golf-parameters-1000", GOLF, &[("<item identifier=\"item_1\"", "<item parameters=\"{{p*1000}}\" identifier=\"item_1\"")], Valid),
    ("golf-version-21", GOLF, &[("version=\"1\"", "version=\"111111111111111111111\"")], Invalid("attribute `version` is longer than 20 characters (it has 21)")),
    ("golf-version-20", GOLF, &[("version=\"1\"", "version=\"11111111111111111111\"")], Valid),
    ("golf-title-200", GOLF, &[("<title>Golf Explained</title>", "<title>{{t*200}}</title>")], Valid),
    ("golf-title-201", GOLF, &[("<title>Golf Explained</title>", "<title>{{t*201}}</title>")], Invalid("`title` is longer than 200 characters (it has 201)")),
    ("golf-title-200-multibyte", GOLF, &[("<title>Golf Explained</title>", "<title>{{é*200}}</title>")], Valid),
    ("golf-title-201-multibyte", GOLF, &[("<title>Golf Explained</title>", "<title>{{é*201}}</title>")], Invalid("`title` is longer than 200 characters (it has 201)")),
    ("golf-title-200-with-ws", GOLF, &[("<title>Golf Explained</title>", "<title> {{t*199}} </title>")], Invalid("`title` is longer than 200 characters (it has 201)")),
    ("golf-title-199-amp", GOLF, &[("<title>Golf Explained</title>", "<title>{{t*199}}&amp;</title>")], Valid),
    ("golf-title-200-crlf", GOLF, &[("<title>Golf Explained</title>", "<title>{{t*199}}\r\n</title>")], Valid),
    ("golf-title-empty", GOLF, &[("<title>Golf Explained</title>", "<title></title>")], Valid),
    ("golf-title-selfclosed", GOLF, &[("<title>Golf Explained</title>", "<title/>")], Valid),
    ("golf-title-with-child", GOLF, &[("<title>Golf Explained</title>", "<title>Golf <b>Explained</b></title>")], Invalid("element `b` is not allowed in `title`, which holds text only")),
    ("golf-title-attr", GOLF, &[("<title>Golf Explained</title>", "<title lang=\"en\">Golf Explained</title>")], Invalid("attribute `lang` is not allowed on `title`, which holds text only")),
    ("golf-title-xmllang", GOLF, &[("<title>Golf Explained</title>", "<title xml:lang=\"en\">Golf Explained</title>")], Invalid("attribute `xml:lang` is not allowed on `title`, which holds text only")),
    ("golf-two-titles", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><title>Again</title>")], Invalid("element `title` is not allowed here; expected `item`, `metadata`, an")),
    ("golf-item-no-title", GOLF, &[("<title>Golf Explained</title>", "")], Valid),
    ("golf-org-no-title", GOLF, &[("<title>Golf Explained - Run-time Basic Calls</title>", "")], Valid),
    ("golf-title-after-item", GOLF, &[("<title>Golf Explained - Run-time Basic Calls</title>", ""), ("</item>", "</item><title>T</title>")], Invalid("element `title` is not allowed here; expected `item`, `metadata`, an")),
    ("golf-nested-items", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><item identifier=\"sub1\" identifierref=\"resource_1\"><title>Sub</title></item><item identifier=\"sub2\"><title>Sub2</title><item identifier=\"sub3\"/></item>")], Valid),
    ("golf-item-empty", GOLF, &[("<item …</item>", "<item identifier=\"item_1\"/>")], Valid),
    ("golf-item-text", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title>stray text")], Invalid("text is not allowed in `item`: it may contain only child elements")),
    ("golf-resources-text", GOLF, &[("<resources>", "<resources>stray")], Invalid("text is not allowed in `resources`: it may contain only child elements")),
    ("golf-manifest-text", GOLF, &[("<metadata>", "stray<metadata>")], Invalid("text is not allowed in `manifest`: it may contain only child elements")),
    ("golf-item-nbsp", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title> ")], Invalid("text is not allowed in `item`: it may contain only child elements")),
    ("golf-item-ws-charref", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title>&#32;&#9;")], Valid),
    ("golf-item-cdata", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><![CDATA[ ]]>")], Invalid("a CDATA section is not allowed in `item`: it may contain only child")),
    ("golf-item-comment-pi", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><!-- c --><?pi x?>")], Valid),
    ("golf-title-cdata", GOLF, &[("<title>Golf Explained</title>", "<title><![CDATA[Golf & <Explained>]]></title>")], Valid),
    ("golf-title-comment", GOLF, &[("<title>Golf Explained</title>", "<title>Golf<!-- x -->Explained</title>")], Valid),
    ("golf-masteryscore", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:masteryscore>80</adlcp:masteryscore>")], Valid),
    ("golf-masteryscore-text", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:masteryscore>eighty</adlcp:masteryscore>")], Valid),
    ("golf-masteryscore-201", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:masteryscore>{{8*201}}</adlcp:masteryscore>")], Invalid("`adlcp:masteryscore` is longer than 200 characters (it has 201)")),
    ("golf-masteryscore-before-title", GOLF, &[("<title>Golf Explained</title>", "<adlcp:masteryscore>80</adlcp:masteryscore><title>Golf Explained</title>")], Invalid("element `title` is not allowed here; expected an element from another")),
    ("golf-masteryscore-unprefixed", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><masteryscore>80</masteryscore>")], Invalid("element `masteryscore` is not allowed here; expected `item`,")),
    ("golf-masteryscore-wrongns", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><x:masteryscore xmlns:x=\"http://www.adlnet.org/xsd/adlcp_rootv1p3\">80</x:masteryscore>")], Invalid("element `x:masteryscore` is not declared in the schemas (namespace")),
    ("golf-masteryscore-child", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:masteryscore><a/></adlcp:masteryscore>")], Invalid("element `a` is not allowed in `adlcp:masteryscore`, which holds text")),
    ("golf-masteryscore-attr", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:masteryscore type=\"x\">80</adlcp:masteryscore>")], Invalid("attribute `type` is not allowed on `adlcp:masteryscore`, which holds")),
    ("golf-all-adlcp-item", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:prerequisites type=\"aicc_script\">a&amp;b</adlcp:prerequisites><adlcp:maxtimeallowed>00:30:00</adlcp:maxtimeallowed><adlcp:timelimitaction>exit,message</adlcp:timelimitaction><adlcp:datafromlms>x</adlcp:datafromlms><adlcp:masteryscore>80</adlcp:masteryscore>")], Valid),
    ("golf-adlcp-any-order", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:masteryscore>80</adlcp:masteryscore><adlcp:prerequisites type=\"aicc_script\">a</adlcp:prerequisites>")], Valid),
    ("golf-adlcp-dup", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:masteryscore>80</adlcp:masteryscore><adlcp:masteryscore>80</adlcp:masteryscore>")], Valid),
    ("golf-prereq-no-type", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:prerequisites>a</adlcp:prerequisites>")], Invalid("missing required attribute `type` on `adlcp:prerequisites`")),
    ("golf-prereq-bad-type", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:prerequisites type=\"aicc\">a</adlcp:prerequisites>")], Invalid("attribute `type`: value `aicc` is not one of the allowed values:")),
    ("golf-prereq-201", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:prerequisites type=\"aicc_script\">{{a*201}}</adlcp:prerequisites>")], Invalid("`adlcp:prerequisites` is longer than 200 characters (it has 201)")),
    ("golf-maxtime-14", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:maxtimeallowed>00:00:00.0000</adlcp:maxtimeallowed>")], Valid),
    ("golf-tla-bad", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:timelimitaction>exit, message</adlcp:timelimitaction>")], Invalid("`adlcp:timelimitaction`: value `exit, message` is not one of the")),
    ("golf-tla-padded", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:timelimitaction> exit,message</adlcp:timelimitaction>")], Invalid("`adlcp:timelimitaction`: value ` exit,message` is not one of the")),
    ("golf-tla-ok2", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:timelimitaction>continue,no message</adlcp:timelimitaction>")], Valid),
    ("golf-dfl-256", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:datafromlms>{{d*256}}</adlcp:datafromlms>")], Invalid("`adlcp:datafromlms` is longer than 255 characters (it has 256)")),
    ("golf-dfl-255", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:datafromlms>{{d*255}}</adlcp:datafromlms>")], Valid),
    ("golf-location-in-item", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:location>x.xml</adlcp:location>")], Valid),
    ("golf-adlcp-in-resource", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"Etiquette/Course.html\"/><adlcp:masteryscore>1</adlcp:masteryscore>")], Invalid("element `file` is not allowed here; expected an element from another")),
    ("golf-adlcp-in-resources", GOLF, &[("<resources>", "<resources><adlcp:masteryscore>1</adlcp:masteryscore>")], Valid),
    ("golf-adlcp-location-in-metadata", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><adlcp:location>meta.xml</adlcp:location>")], Valid),
    ("golf-adlcp-unknown", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:foo>1</adlcp:foo>")], Invalid("element `adlcp:foo` is not declared in the schemas (namespace")),
    ("golf-unknown-ns-elem", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><x:foo xmlns:x=\"urn:x\">1</x:foo>")], Invalid("element `x:foo` is not declared in the schemas (namespace `urn:x`);")),
    ("golf-unknown-ns-attr", GOLF, &[("<item identifier=\"item_1\"", "<item x:foo=\"1\" xmlns:x=\"urn:x\" identifier=\"item_1\"")], Invalid("attribute `x:foo` is not declared in the schemas (namespace `urn:x`);")),
    ("golf-nons-elem-in-item", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><foo xmlns=\"\">1</foo>")], Invalid("element `foo` is not allowed here; expected `item`, `metadata`, an")),
    ("golf-unknown-imscp-elem", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><foo/>")], Invalid("element `foo` is not allowed here; expected `item`, `metadata`, an")),
    ("golf-file-in-item", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><file href=\"a\"/>")], Invalid("element `file` is not allowed here; expected `item`, `metadata`, an")),
    ("golf-resource-in-organizations", GOLF, &[("</organization>", "</organization><resource identifier=\"r9\" type=\"webcontent\"/>")], Invalid("element `resource` is not allowed here; expected `organization`, an")),
    ("golf-dependency", GOLF, &[("<file href=\"shared/style.css\"/>", "<file href=\"shared/style.css\"/><dependency identifierref=\"resource_1\"/>")], Valid),
    ("golf-dependency-before-file", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<dependency identifierref=\"resource_1\"/><file href=\"Etiquette/Course.html\"/>")], Invalid("element `file` is not allowed here; expected `dependency`, an element")),
    ("golf-dependency-noref", GOLF, &[("<file href=\"shared/style.css\"/>", "<file href=\"shared/style.css\"/><dependency/>")], Invalid("missing required attribute `identifierref` on `dependency`")),
    ("golf-dependency-child", GOLF, &[("<file href=\"shared/style.css\"/>", "<file href=\"shared/style.css\"/><dependency identifierref=\"resource_1\"><file href=\"x\"/></dependency>")], Invalid("element `file` is not allowed here; expected an element from another")),
    ("golf-file-metadata", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"Etiquette/Course.html\"><metadata><schema>x</schema></metadata></file>")], Valid),
    ("golf-file-two-metadata", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"Etiquette/Course.html\"><metadata/><metadata/></file>")], Invalid("element `metadata` is not allowed here; expected an element from")),
    ("golf-resource-metadata-first", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<metadata/><file href=\"Etiquette/Course.html\"/>")], Valid),
    ("golf-resource-metadata-later", GOLF, &[("<file href=\"shared/style.css\"/>", "<file href=\"shared/style.css\"/><metadata/>")], Invalid("element `metadata` is not allowed here; expected `file`,")),
    ("golf-item-metadata", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><metadata/>")], Valid),
    ("golf-item-metadata-then-item", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><metadata/><item identifier=\"x2\"/>")], Invalid("element `item` is not allowed here; expected an element from another")),
    ("golf-schema-wrong", GOLF, &[("<schema>ADL SCORM</schema>", "<schema>IMS Content</schema>")], Valid),
    ("golf-schemaversion-wrong", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.3</schemaversion>")], Valid),
    ("golf-schemaversion-long", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>111111111111111111111</schemaversion>")], Invalid("`schemaversion` is longer than 20 characters (it has 21)")),
    ("golf-schema-101", GOLF, &[("<schema>ADL SCORM</schema>", "<schema>{{s*101}}</schema>")], Invalid("`schema` is longer than 100 characters (it has 101)")),
    ("golf-schema-after-version", GOLF, &[("<schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><schema>ADL SCORM</schema>")], Invalid("element `schema` is not allowed here; expected an element from")),
    ("golf-metadata-empty", GOLF, &[("<metadata>…</metadata>", "<metadata/>")], Valid),
    ("golf-adlcp-schema", GOLF, &[("<schema>ADL SCORM</schema>", "<adlcp:schema>ADL SCORM</adlcp:schema>")], Invalid("element `schemaversion` is not allowed here; expected an element from")),
    ("golf-adlcp-schema-bad", GOLF, &[("<schema>ADL SCORM</schema>", "<schema>ADL SCORM</schema><schemaversion>1.2</schemaversion><adlcp:schema>ADL</adlcp:schema>")], Invalid("`adlcp:schema`: value `ADL` is not one of the allowed values: ADL")),
    ("golf-href-percent", GOLF, &[("href=\"shared/launchpage.html\"", "href=\"shared/100%.html\"")], Invalid("attribute `href` has value `shared/100%.html`; expected a URI")),
    ("golf-href-space", GOLF, &[("href=\"shared/launchpage.html\"", "href=\"shared/launch page.html\"")], Valid),
    ("golf-href-hash2", GOLF, &[("href=\"shared/launchpage.html\"", "href=\"a#b#c\"")], Invalid("attribute `href` has value `a#b#c`; expected a URI reference")),
    ("golf-href-colon", GOLF, &[("href=\"shared/launchpage.html\"", "href=\":x\"")], Invalid("attribute `href` has value `:x`; expected a URI reference")),
    ("golf-href-empty", GOLF, &[("href=\"shared/launchpage.html\"", "href=\"\"")], Valid),
    ("golf-href-2001", GOLF, &[("href=\"shared/launchpage.html\"", "href=\"{{h*2001}}\"")], Invalid("attribute `href` is longer than 2000 characters (it has 2001)")),
    ("golf-href-2000", GOLF, &[("href=\"shared/launchpage.html\"", "href=\"{{h*2000}}\"")], Valid),
    ("golf-href-2000-padded", GOLF, &[("href=\"shared/launchpage.html\"", "href=\"  {{h*2000}}  \"")], Valid),
    ("golf-href-backslash", GOLF, &[("href=\"shared/launchpage.html\"", "href=\"shared\\launchpage.html\"")], Valid),
    ("golf-href-unicode", GOLF, &[("href=\"shared/launchpage.html\"", "href=\"shared/ünï.html\"")], Valid),
    ("golf-href-query", GOLF, &[("href=\"shared/launchpage.html\"", "href=\"shared/launchpage.html?a=1&amp;b=2#x\"")], Valid),
    ("golf-href-abs", GOLF, &[("href=\"shared/launchpage.html\"", "href=\"https://example.com:8080/a/b?c#d\"")], Valid),
    ("golf-href-badport", GOLF, &[("href=\"shared/launchpage.html\"", "href=\"http://example.com:/a\"")], Invalid("attribute `href` has value `http://example.com:/a`; expected a URI")),
    ("golf-href-bracket", GOLF, &[("href=\"shared/launchpage.html\"", "href=\"http://[::1/a\"")], Invalid("attribute `href` has value `http://[::1/a`; expected a URI reference")),
    ("golf-href-pct-ok", GOLF, &[("href=\"shared/launchpage.html\"", "href=\"a%20b.html\"")], Valid),
    ("golf-file-href-percent", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"Etiquette/50%off.html\"/>")], Invalid("attribute `href` has value `Etiquette/50%off.html`; expected a URI")),
    ("golf-identifierref-2001", GOLF, &[("identifierref=\"resource_1\"", "identifierref=\"{{r*2001}}\"")], Invalid("attribute `identifierref` is longer than 2000 characters (it has 2001)")),
    ("golf-identifierref-unknown", GOLF, &[("identifierref=\"resource_1\"", "identifierref=\"nothing here\"")], Valid),
    ("golf-type-1001", GOLF, &[("type=\"webcontent\"", "type=\"{{w*1001}}\"")], Invalid("attribute `type` is longer than 1000 characters (it has 1001)")),
    ("golf-structure-201", GOLF, &[("<organization identifier=\"golf_sample_default_org\">", "<organization identifier=\"golf_sample_default_org\" structure=\"{{s*201}}\">")], Invalid("attribute `structure` is longer than 200 characters (it has 201)")),
    ("golf-xmlbase-manifest", GOLF, &[("version=\"1\"", "version=\"1\" xml:base=\"content/\"")], Valid),
    ("golf-xmlbase-resources", GOLF, &[("<resources>", "<resources xml:base=\"x/\">")], Valid),
    ("golf-xmlbase-resource", GOLF, &[("type=\"webcontent\"", "type=\"webcontent\" xml:base=\"x/\"")], Valid),
    ("golf-xmlbase-item", GOLF, &[("<item identifier=\"item_1\"", "<item xml:base=\"x/\" identifier=\"item_1\"")], Valid),
    ("golf-xmllang-manifest", GOLF, &[("version=\"1\"", "version=\"1\" xml:lang=\"en\"")], Valid),
    ("golf-xmllang-bad", GOLF, &[("version=\"1\"", "version=\"1\" xml:lang=\"en_US\"")], Invalid("attribute `xml:lang` has value `en_US`; expected a language tag such")),
    ("golf-xmllang-metadata", GOLF, &[("<metadata>", "<metadata xml:lang=\"en\">")], Invalid("attribute `xml:lang` is not allowed on `metadata`")),
    ("golf-xmllink", GOLF, &[("version=\"1\"", "version=\"1\" xml:link=\"x\"")], Valid),
    ("golf-xmlfoo", GOLF, &[("version=\"1\"", "version=\"1\" xml:foo=\"x\"")], Invalid("attribute `xml:foo` is not declared in the schemas (namespace")),
    ("golf-xsi-foo", GOLF, &[("version=\"1\"", "version=\"1\" xsi:foo=\"x\"")], Invalid("attribute `xsi:foo` is not declared in the schemas (namespace")),
    ("golf-xsi-nons", GOLF, &[("version=\"1\"", "version=\"1\" xsi:noNamespaceSchemaLocation=\"x.xsd\"")], Valid),
    ("golf-xsi-schemaloc-item", GOLF, &[("<item identifier=\"item_1\"", "<item xsi:schemaLocation=\"a b\" identifier=\"item_1\"")], Valid),
    ("golf-xsi-type-same", GOLF, &[("version=\"1\"", "version=\"1\" xsi:type=\"manifestType\"")], Valid),
    ("golf-xsi-type-other", GOLF, &[("version=\"1\"", "version=\"1\" xsi:type=\"itemType\"")], Invalid("`xsi:type` on `manifest` names type `itemType`, which does not derive")),
    ("golf-xsi-type-unknown", GOLF, &[("version=\"1\"", "version=\"1\" xsi:type=\"nopeType\"")], Invalid("`xsi:type` on `manifest` names type `nopeType`, which is not defined")),
    ("golf-xsi-nil", GOLF, &[("<metadata>", "<metadata xsi:nil=\"true\">")], Invalid("`metadata` is not nillable; remove `xsi:nil`")),
    ("golf-root-nons", GOLF, &[("xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"", "")], Invalid("the root element `manifest` is not declared in the schemas (no")),
    ("golf-root-wrongns", GOLF, &[("xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"", "xmlns=\"http://www.imsglobal.org/xsd/imscp_v1p1\"")], Invalid("the root element `manifest` is not declared in the schemas (namespace")),
    ("golf-root-2004ns", GOLF, &[("xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"", "xmlns=\"http://www.imsglobal.org/xsd/imscp_rootv1p1p2\"")], Invalid("the root element `manifest` is not declared in the schemas (namespace")),
    ("golf-adlcp-wrong-uri", GOLF, &[("xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"", "xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_v1p3\"")], Invalid("attribute `adlcp:scormtype` is not declared in the schemas (namespace")),
    ("golf-adlcp-undeclared", GOLF, &[("xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\"", "")], Invalid("the namespace prefix `adlcp` of attribute `adlcp:scormtype` is not")),
    ("golf-prefixed-cp", GOLF, &[("<resources>", "<cp:resources xmlns:cp=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\">")], Invalid("not well-formed XML: ill-formed document: expected `</cp:resources>`,")),
    ("golf-prefixed-cp-ok", GOLF, &[("<resources>", "<cp:resources xmlns:cp=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\">"), ("</resources>", "</cp:resources>")], Valid),
    ("golf-root-is-organizations", GOLF, &[("<manifest …<organizations", "<organizations xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"")], Invalid("extra content after the root element (a document has one root element)")),
    ("golf-submanifest", GOLF, &[("</resources>", "</resources><manifest identifier=\"sub\"><organizations/><resources/></manifest>")], Valid),
    ("golf-submanifest-incomplete", GOLF, &[("</resources>", "</resources><manifest identifier=\"sub\"><organizations/></manifest>")], Invalid("missing child element in `manifest`; expected `resources`")),
    ("golf-submanifest-dupid", GOLF, &[("</resources>", "</resources><manifest identifier=\"item_1\"><organizations/><resources/></manifest>")], Invalid("duplicate ID: attribute `identifier` has value `item_1`, which")),
    ("golf-after-submanifest-any", GOLF, &[("</resources>", "</resources><manifest identifier=\"sub\"><organizations/><resources/></manifest><adlcp:location>x</adlcp:location>")], Valid),
    ("golf-adlcp-after-resources", GOLF, &[("</resources>", "</resources><adlcp:location>x</adlcp:location>")], Valid),
    ("golf-lom-in-metadata", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><title><langstring xml:lang=\"en\">T</langstring></title></general></lom>")], Valid),
    ("golf-lom-bad-order", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><lifecycle/><general/></lom>")], Invalid("element `general` is not allowed here; expected `metametadata`,")),
    ("golf-lom-unknown", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><foo/></lom>")], Invalid("element `foo` is not allowed here; expected `general`, `lifecycle`,")),
    ("golf-lom-text", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\">text</lom>")], Invalid("text is not allowed in `lom`: it may contain only child elements")),
    ("golf-lom-general-text", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general>mixed text ok</general></lom>")], Valid),
    ("golf-lom-title-nolangstring", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><title/></general></lom>")], Invalid("missing child element in `title`; expected `langstring`")),
    ("golf-lom-langstring-badlang", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><title><langstring xml:lang=\"english language\">T</langstring></title></general></lom>")], Invalid("attribute `xml:lang` has value `english language`; expected a")),
    ("golf-lom-langstring-lang-attr", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><title><langstring lang=\"en\">T</langstring></title></general></lom>")], Invalid("attribute `lang` is not allowed on `langstring`")),
    ("golf-lom-size", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size>1024</size></technical></lom>")], Valid),
    ("golf-lom-size-bad", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size>1 KB</size></technical></lom>")], Invalid("`size` has value `1 KB`; expected an integer from -2147483648 to")),
    ("golf-lom-size-padded", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size> 1024 </size></technical></lom>")], Invalid("`size` has value ` 1024 `; expected an integer from -2147483648 to")),
    ("golf-lom-size-big", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size>99999999999</size></technical></lom>")], Invalid("`size` has value `99999999999`; expected an integer from -2147483648")),
    ("golf-lom-location-type", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><location type=\"TEXT\">x</location></technical></lom>")], Valid),
    ("golf-lom-location-badtype", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><location type=\"url\">x</location></technical></lom>")], Invalid("attribute `type`: value `url` is not one of the allowed values: URI,")),
    ("golf-lom-any-in-general", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><identifier>x</identifier><foo:bar xmlns:foo=\"urn:foo\"/></general></lom>")], Invalid("element `foo:bar` is not declared in the schemas (namespace")),
    ("golf-lom-any-imsmd-in-general", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><identifier>x</identifier><technical/></general></lom>")], Valid),
    ("golf-lom-source-value", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><structure><source><langstring>LOMv1.0</langstring></source></structure></general></lom>")], Invalid("missing child element in `structure`; expected `value`")),
    ("golf-lom-taxon-deep", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><classification><taxonpath><taxon><id>1</id><taxon><id>2</id></taxon></taxon></taxonpath></classification></lom>")], Valid),
    ("golf-lom-taxon-two", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><classification><taxonpath><taxon/><taxon/></taxonpath></classification></lom>")], Invalid("element `taxon` is not allowed here; expected the end of `taxonpath`")),
    ("golf-imsmd-prefixed", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><imsmd:lom xmlns:imsmd=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><imsmd:general/></imsmd:lom>")], Valid),
    ("golf-imsmd-unqualified-child", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><imsmd:lom xmlns:imsmd=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general/></imsmd:lom>")], Invalid("element `general` is not allowed here; expected `general`,")),
    ("golf-metadata-record-old", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><record xmlns=\"http://www.imsproject.org/xsd/ims_md_rootv1p1\"/>")], Invalid("element `record` is not declared in the schemas (namespace")),
    ("golf-unclosed", GOLF, &[("</manifest>", "")], Invalid("the document ends before its elements are closed")),
    ("golf-mismatched", GOLF, &[("</resources>", "</resource>")], Invalid("not well-formed XML: ill-formed document: expected `</resources>`,")),
    ("golf-bad-amp", GOLF, &[("<title>Golf Explained</title>", "<title>Golf & Explained</title>")], Invalid("not well-formed XML: ill-formed document: entity or character")),
    ("golf-undefined-entity", GOLF, &[("<title>Golf Explained</title>", "<title>Golf &nbsp; Explained</title>")], Invalid("the entity `nbsp` is not defined")),
    ("golf-charref-ok", GOLF, &[("<title>Golf Explained</title>", "<title>Golf&#160;&#x263A;</title>")], Valid),
    ("golf-charref-bad", GOLF, &[("<title>Golf Explained</title>", "<title>Golf&#0;</title>")], Invalid("`&#0;` is not a valid character reference")),
    ("golf-dup-attr", GOLF, &[("type=\"webcontent\"", "type=\"webcontent\" type=\"x\"")], Invalid("attribute `type` is given twice in `<resource>`")),
    ("golf-attr-noquote", GOLF, &[("type=\"webcontent\"", "type=webcontent")], Invalid("malformed attribute in `<resource>`: position 38: attribute value")),
    ("golf-attr-lt", GOLF, &[("type=\"webcontent\"", "type=\"a<b\"")], Invalid("attribute `type`: `<` is not allowed in an attribute value")),
    ("golf-trailing-garbage", GOLF, &[("</manifest>", "</manifest>\ngarbage")], Invalid("extra content after the root element")),
    ("golf-trailing-comment", GOLF, &[("</manifest>", "</manifest>\n<!-- ok -->\n")], Valid),
    ("golf-decl-late", GOLF, &[("<?xml version=\"1.0\" standalone=\"no\" ?>", "\n<?xml version=\"1.0\" standalone=\"no\" ?>")], Invalid("the XML declaration is allowed only at the start of the document")),
    ("golf-control-char", GOLF, &[("<title>Golf Explained</title>", "<title>Golf\u{1}Explained</title>")], Invalid("the character U+0001 is not allowed in XML")),
    ("golf-comment-dashes", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><!-- a -- b -->")], Invalid("not well-formed XML: ill-formed document: forbidden string `--` was")),
    ("golf-pi-xml", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><?xml x?>")], Invalid("the XML declaration is allowed only at the start of the document")),
    ("golf-elem-name-digit", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><1x/>")], Invalid("`1x` is not a valid element name")),
    ("golf-cdata-end-in-text", GOLF, &[("<title>Golf Explained</title>", "<title>Golf ]]> Explained</title>")], Invalid("the sequence `]]>` is not allowed in content")),
    ("golf-gt-in-text", GOLF, &[("<title>Golf Explained</title>", "<title>Golf > Explained</title>")], Valid),
    ("golf-ns-empty-prefix-decl", GOLF, &[("<resources>", "<resources xmlns:x=\"\">")], Valid),
    ("golf-xmlns-xml-default", GOLF, &[("<resources>", "<resources xmlns=\"http://www.w3.org/XML/1998/namespace\">")], Valid),
    ("story-lom-lang-xnone", STORY, &[("xml:lang=\"x-none\">test-ucf-js", "xml:lang=\"x-none-more\">test-ucf-js")], Valid),
    ("story-lom-lang-bad", STORY, &[("xml:lang=\"x-none\">test-ucf-js", "xml:lang=\"x none\">test-ucf-js")], Invalid("attribute `xml:lang` has value `x none`; expected a language tag such")),
    ("story-lom-no-version-langstring", STORY, &[("<langstring xml:lang=\"x-none\">1</langstring>", "")], Invalid("missing child element in `version`; expected `langstring`")),
    ("story-lom-cost-swap", STORY, &[("<cost>…</source>", "<cost>"), ("yes</langstring>…</value>", "yes</langstring></value><source><langstring>LOMv1.0</langstring></source>")], Invalid("element `value` is not allowed here; expected `source`")),
    ("story-lom-metametadata-text", STORY, &[("<metadatascheme>ADL SCORM 1.2</metadatascheme>", "text<metadatascheme>ADL SCORM 1.2</metadatascheme>")], Valid),
    ("story-lom-lang-on-lom", STORY, &[("<lom xmlns=", "<lom xml:lang=\"en\" xmlns=")], Invalid("attribute `xml:lang` is not allowed on `lom`")),
    ("story-lom-datetime-child", STORY, &[("<datetime>PT0H0M0S</datetime>", "<datetime><x/></datetime>")], Invalid("element `x` is not allowed in `datetime`, which holds text only")),
    ("story-lom-no-xsi", STORY, &[(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd\">", ">")], Valid),
    ("story-many-files-dup-href", STORY, &[("<file href=\"meta.xml\" />", "<file href=\"meta.xml\" /><file href=\"meta.xml\" />")], Valid),
    ("story-xsi-on-lom-only", STORY, &[(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">", ">")], Valid),
    ("story-isvisible-false", STORY, &[("isvisible=\"true\"", "isvisible=\"false\"")], Valid),
    ("story-isvisible-bad", STORY, &[("isvisible=\"true\"", "isvisible=\"on\"")], Invalid("attribute `isvisible` has value `on`; expected a boolean (true,")),
    ("story-version-attr-long", STORY, &[("version=\"1.0\"", "version=\"1.0.0.0.0.0.0.0.0.0.0\"")], Invalid("the XML declaration has version `1.0.0.0.0.0.0.0.0.0.0`; expected")),
    ("ebpl-masteryscore-decimal", EBPL, &[("<adlcp:masteryscore>75</adlcp:masteryscore>", "<adlcp:masteryscore>75.5</adlcp:masteryscore>")], Valid),
    ("ebpl-structure-ok", EBPL, &[("structure=\"hierarchical\"", "structure=\"linear\"")], Valid),
    ("ebpl-org-dup", EBPL, &[("</organization>", "</organization><organization identifier=\"ORG-2\"><title>Second</title></organization>")], Valid),
    ("ebpl-org-dup-id", EBPL, &[("</organization>", "</organization><organization identifier=\"ORG-1\"/>")], Invalid("duplicate ID: attribute `identifier` has value `ORG-1`, which another")),
    ("ebpl-dependency-unknown-attr", EBPL, &[("<dependency identifierref=\"RES-common\"/>", "<dependency identifierref=\"RES-common\" href=\"x\"/>")], Invalid("attribute `href` is not allowed on `dependency`")),
    ("ebpl-dependency-text", EBPL, &[("<dependency identifierref=\"RES-common\"/>", "<dependency identifierref=\"RES-common\">x</dependency>")], Invalid("text is not allowed in `dependency`: it may contain only child")),
    ("ebpl-resource-no-files", EBPL, &[("adlcp:scormtype=\"asset\">…</resource>", "adlcp:scormtype=\"asset\"/>")], Valid),
    ("ebpl-file-text", EBPL, &[("<file href=\"assets/coursepack.css\"/>", "<file href=\"assets/coursepack.css\">x</file>")], Invalid("text is not allowed in `file`: it may contain only child elements")),
    ("ebpl-file-ws", EBPL, &[("<file href=\"assets/coursepack.css\"/>", "<file href=\"assets/coursepack.css\">  \n  </file>")], Valid),
    ("tc-no-activities", TCGOLF, &[("<activities>…</activities>", "")], Invalid("missing child element in `tincan`; expected `activities`")),
    ("tc-empty-activities", TCGOLF, &[("<activities>…</activities>", "<activities/>")], Invalid("missing child element in `activities`; expected `activity`")),
    ("tc-two-activities", TCGOLF, &[("</activities>", "</activities><activities><activity><name>x</name><description>y</description></activity></activities>")], Valid),
    ("tc-no-name", TCGOLF, &[("<name>Tin Can Golf Example</name>", "")], Invalid("element `description` is not allowed here; expected `name`")),
    ("tc-no-description", TCGOLF, &[("<description lang=\"en-US\">An overview of the sport of golf.</description>", "")], Invalid("element `launch` is not allowed here; expected `name` or `description`")),
    ("tc-desc-before-name", TCGOLF, &[("<name>Tin Can Golf Example</name>", ""), ("</description>", "</description><name>N</name>")], Invalid("element `description` is not allowed here; expected `name`")),
    ("tc-two-names", TCGOLF, &[("<name>Tin Can Golf Example</name>", "<name>Tin Can Golf Example</name><name lang=\"fr\">Golf</name>")], Valid),
    ("tc-launch-before-desc", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", ""), ("<description", "<launch>index.html</launch><description")], Invalid("element `launch` is not allowed here; expected `name` or `description`")),
    ("tc-unknown-elem", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html</launch><foo/>")], Invalid("element `foo` is not allowed here; expected `launch`, `resource`,")),
    ("tc-unknown-attr", TCGOLF, &[("<activity id=", "<activity foo=\"x\" id=")], Invalid("attribute `foo` is not allowed on `activity`")),
    ("tc-lang-bad", TCGOLF, &[("lang=\"en-US\"", "lang=\"en_US\"")], Invalid("attribute `lang` has value `en_US`; expected a language tag such as")),
    ("tc-lang-empty", TCGOLF, &[("lang=\"en-US\"", "lang=\"\"")], Invalid("attribute `lang` has value ``; expected a language tag such as `en`")),
    ("tc-lang-9", TCGOLF, &[("lang=\"en-US\"", "lang=\"englishes\"")], Invalid("attribute `lang` has value `englishes`; expected a language tag such")),
    ("tc-lang-xmllang", TCGOLF, &[("lang=\"en-US\"", "xml:lang=\"en-US\"")], Invalid("attribute `xml:lang` is not allowed on `description`")),
    ("tc-id-percent", TCGOLF, &[("id=\"http://id.tincanapi.com/activity/tincan-prototypes/golf-example\"", "id=\"http://x/100%\"")], Invalid("attribute `id` has value `http://x/100%`; expected a URI reference")),
    ("tc-id-empty", TCGOLF, &[("id=\"http://id.tincanapi.com/activity/tincan-prototypes/golf-example\"", "id=\"\"")], Valid),
    ("tc-no-id", TCGOLF, &[("id=\"http://id.tincanapi.com/activity/tincan-prototypes/golf-example\" ", "")], Valid),
    ("tc-launch-percent", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index%.html</launch>")], Invalid("`launch` has value `index%.html`; expected a URI reference")),
    ("tc-launch-padded", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">  index.html  </launch>")], Valid),
    ("tc-launch-empty", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch/>")], Valid),
    ("tc-launch-child", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch><x/></launch>")], Invalid("element `x` is not allowed in `launch`, which holds text only")),
    ("tc-two-launch", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch>a.html</launch><launch>b.html</launch>")], Valid),
    ("tc-resource", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch>a.html</launch><resource>r.html</resource>")], Valid),
    ("tc-interaction", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch>a.html</launch><interactionType>choice</interactionType><correctResponsePatterns><correctResponsePattern>a</correctResponsePattern></correctResponsePatterns><choices><component><id>a</id><description>A</description></component></choices>")], Valid),
    ("tc-interaction-order", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch>a.html</launch><choices><component><id>a</id><description>A</description></component></choices><interactionType>choice</interactionType>")], Invalid("element `interactionType` is not allowed here; expected `scale`,")),
    ("tc-component-no-desc", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<choices><component><id>a</id></component></choices>")], Invalid("missing child element in `component`; expected `description`")),
    ("tc-crp-empty", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<correctResponsePatterns/>")], Invalid("missing child element in `correctResponsePatterns`; expected")),
    ("tc-extensions", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<extensions><extension key=\"k\">v</extension></extensions>")], Valid),
    ("tc-extension-nokey", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<extensions><extension>v</extension></extensions>")], Invalid("missing required attribute `key` on `extension`")),
    ("tc-extensions-empty", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<extensions/>")], Invalid("missing child element in `extensions`; expected `extension`")),
    ("tc-provider", TCGOLF, &[("</activity>", "</activity><provider><id>p</id><name>P</name></provider>")], Valid),
    ("tc-provider-all", TCGOLF, &[("</activity>", "</activity><provider><info>http://x</info><secret>s</secret><name>P</name><public_key>k</public_key><id>p</id></provider>")], Valid),
    ("tc-provider-noid", TCGOLF, &[("</activity>", "</activity><provider><name>P</name></provider>")], Invalid("missing child element in `provider`; expected `id`")),
    ("tc-provider-dup", TCGOLF, &[("</activity>", "</activity><provider><name>P</name><id>p</id><id>q</id></provider>")], Invalid("element `id` is not allowed here; expected `secret`, `public_key`,")),
    ("tc-provider-empty", TCGOLF, &[("</activity>", "</activity><provider/>")], Invalid("missing child element in `provider`; expected `name` or `id`")),
    ("tc-provider-unknown", TCGOLF, &[("</activity>", "</activity><provider><name>P</name><id>p</id><foo/></provider>")], Invalid("element `foo` is not allowed here; expected `secret`, `public_key`,")),
    ("tc-provider-before-activity", TCGOLF, &[("<activity ", "<provider><name>P</name><id>p</id></provider><activity ")], Invalid("element `provider` is not allowed here; expected `activity`")),
    ("tc-two-providers", TCGOLF, &[("</activity>", "</activity><provider><name>P</name><id>p</id></provider><provider><name>P</name><id>p</id></provider>")], Invalid("element `provider` is not allowed here; expected the end of")),
    ("tc-provider-info-bad", TCGOLF, &[("</activity>", "</activity><provider><name>P</name><id>p</id><info>a#b#c</info></provider>")], Invalid("`info` has value `a#b#c`; expected a URI reference")),
    ("tc-activity-after-provider", TCGOLF, &[("</activity>", "</activity><provider><name>P</name><id>p</id></provider><activity><name>x</name><description>y</description></activity>")], Invalid("element `activity` is not allowed here; expected the end of")),
    ("tc-wrong-ns", TCGOLF, &[("xmlns=\"http://projecttincan.com/tincan.xsd\"", "xmlns=\"http://projecttincan.com/tincan\"")], Invalid("the root element `tincan` is not declared in the schemas (namespace")),
    ("tc-no-ns", TCGOLF, &[(" xmlns=\"http://projecttincan.com/tincan.xsd\"", "")], Invalid("the root element `tincan` is not declared in the schemas (no")),
    ("tc-prefixed", TCGOLF, &[("<tincan xmlns=", "<tc:tincan xmlns:tc=\"http://projecttincan.com/tincan.xsd\" xmlns="), ("</tincan>", "</tc:tincan>")], Valid),
    ("tc-text-in-activity", TCGOLF, &[("<name>Tin Can Golf Example</name>", "oops<name>Tin Can Golf Example</name>")], Invalid("text is not allowed in `activity`: it may contain only child elements")),
    ("tc-name-child", TCGOLF, &[("<name>Tin Can Golf Example</name>", "<name>Tin Can <b>Golf</b></name>")], Invalid("element `b` is not allowed in `name`, which holds text only")),
    ("tc-type-attr-any", TCGOLF, &[("type=\"http://adlnet.gov/expapi/activities/course\"", "type=\"anything at all %\"")], Valid),
    ("tc-activity-empty", TCGOLF, &[("<activity …</activity>", "<activity/>")], Invalid("missing child element in `activity`; expected `name`")),
    ("tc-root-activities", TCGOLF, &[("", "<activities xmlns=\"http://projecttincan.com/tincan.xsd\"><activity><name>n</name><description>d</description></activity></activities>")], Invalid("the root element `activities` is not declared in the schemas")),
    ("tc-xsi-schemaloc", TCGOLF, &[("<tincan xmlns=", "<tincan xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://projecttincan.com/tincan.xsd tincan.xsd\" xmlns=")], Valid),
    ("tc-foreign-attr", TCGOLF, &[("<activity id=", "<activity x:foo=\"1\" xmlns:x=\"urn:x\" id=")], Invalid("attribute `x:foo` is not allowed on `activity`")),
    ("tc-story-desc-selfclosed-nolang", TCSTORY, &[("<description lang=\"und\" />", "<description />")], Valid),
    ("tc-story-name-removed", TCSTORY, &[("<name lang=\"und\">INTRO</name>", "")], Invalid("element `description` is not allowed here; expected `name`")),
    ("tc-adapt-cdata-desc", TCADAPT, &[("<![CDATA[]]>", "<![CDATA[  ]]>")], Valid),
    ("tc-adapt-cdata-activity", TCADAPT, &[("<launch lang=\"en-US\">index.html</launch>", "<launch lang=\"en-US\">index.html</launch><![CDATA[]]>")], Invalid("a CDATA section is not allowed in `activity`: it may contain only")),
    ("golf-attr-tab-in-enum", GOLF, &[("adlcp:scormtype=\"sco\"", "adlcp:scormtype=\"sco\t\"")], Invalid("attribute `adlcp:scormtype`: value `sco ` is not one of the allowed")),
    ("golf-attr-charref-lf-enum", GOLF, &[("adlcp:scormtype=\"sco\"", "adlcp:scormtype=\"sco&#10;\"")], Invalid("attribute `adlcp:scormtype`: value `sco")),
    ("golf-attr-newline-id", GOLF, &[("<item identifier=\"item_1\"", "<item identifier=\"\nitem_1\n\"")], Valid),
    ("golf-attr-entity-id", GOLF, &[("<item identifier=\"item_1\"", "<item identifier=\"item&#95;1\"")], Valid),
    ("golf-attr-amp-in-type", GOLF, &[("type=\"webcontent\"", "type=\"web&amp;content\"")], Valid),
    ("golf-attr-single-quotes", GOLF, &[("type=\"webcontent\"", "type='webcontent'")], Valid),
    ("golf-deep-items", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><item identifier=\"d0\"><item identifier=\"d1\"><item identifier=\"d2\"><item identifier=\"d3\"><item identifier=\"d4\"><item identifier=\"d5\"><item identifier=\"d6\"><item identifier=\"d7\"><item identifier=\"d8\"><item identifier=\"d9\"><item identifier=\"d10\"><item identifier=\"d11\"><item identifier=\"d12\"><item identifier=\"d13\"><item identifier=\"d14\"><item identifier=\"d15\"><item identifier=\"d16\"><item identifier=\"d17\"><item identifier=\"d18\"><item identifier=\"d19\"><item identifier=\"d20\"><item identifier=\"d21\"><item identifier=\"d22\"><item identifier=\"d23\"><item identifier=\"d24\"><item identifier=\"d25\"><item identifier=\"d26\"><item identifier=\"d27\"><item identifier=\"d28\"><item identifier=\"d29\"><item identifier=\"d30\"><item identifier=\"d31\"><item identifier=\"d32\"><item identifier=\"d33\"><item identifier=\"d34\"><item identifier=\"d35\"><item identifier=\"d36\"><item identifier=\"d37\"><item identifier=\"d38\"><item identifier=\"d39\"></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item></item>")], Valid),
    ("golf-many-errors", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><foo/><bar/>")], Invalid("element `foo` is not allowed here; expected `item`, `metadata`, an")),
    ("golf-item-identifierref-missing-ok", GOLF, &[(" identifierref=\"resource_1\"", "")], Valid),
    ("golf-resource-href-missing-ok", GOLF, &[("\n      href=\"shared/launchpage.html\"", "")], Valid),
    ("golf-organization-structure-empty", GOLF, &[("<organization identifier=\"golf_sample_default_org\">", "<organization identifier=\"golf_sample_default_org\" structure=\"\">")], Valid),
    ("golf-org-two-metadata", GOLF, &[("</item>\n    </organization>", "</item><metadata/><metadata/>\n    </organization>")], Invalid("element `metadata` is not allowed here; expected an element from")),
    ("golf-org-metadata", GOLF, &[("</item>\n    </organization>", "</item><metadata><schema>x</schema></metadata>\n    </organization>")], Valid),
    ("golf-org-adlcp-after-metadata", GOLF, &[("</item>\n    </organization>", "</item><metadata/><adlcp:location>x</adlcp:location>\n    </organization>")], Valid),
    ("golf-org-item-after-adlcp", GOLF, &[("</item>\n    </organization>", "</item><adlcp:location>x</adlcp:location><item identifier=\"late\"/>\n    </organization>")], Invalid("element `item` is not allowed here; expected an element from another")),
    ("golf-orgs-any-then-org", GOLF, &[("<organizations default=\"golf_sample_default_org\">", "<organizations default=\"golf_sample_default_org\"><adlcp:location>x</adlcp:location>")], Valid),
    ("golf-metadata-any-then-schema", GOLF, &[("<schema>ADL SCORM</schema>", "<adlcp:location>x</adlcp:location><schema>ADL SCORM</schema>")], Invalid("element `schema` is not allowed here; expected an element from")),
    ("golf-manifest-any-then-submanifest", GOLF, &[("</resources>", "</resources><adlcp:location>x</adlcp:location><manifest identifier=\"sub\"><organizations/><resources/></manifest>")], Valid),
    ("golf-resources-any-any-resource", GOLF, &[("<resources>", "<resources><adlcp:location>x</adlcp:location><adlcp:location>y</adlcp:location>")], Valid),
    ("golf-resource-any-then-file", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<adlcp:location>x</adlcp:location><file href=\"Etiquette/Course.html\"/>")], Invalid("element `file` is not allowed here; expected an element from another")),
    ("golf-resource-file-any-file", GOLF, &[("<file href=\"shared/launchpage.html\"/>", "<adlcp:location>x</adlcp:location><file href=\"shared/launchpage.html\"/>")], Invalid("element `file` is not allowed here; expected an element from another")),
    ("golf-resource-dep-any-dep", GOLF, &[("<file href=\"shared/style.css\"/>", "<file href=\"shared/style.css\"/><dependency identifierref=\"a\"/><adlcp:location>x</adlcp:location><dependency identifierref=\"b\"/>")], Valid),
    ("golf-resource-dep-any-file", GOLF, &[("<file href=\"shared/style.css\"/>", "<file href=\"shared/style.css\"/><dependency identifierref=\"a\"/><adlcp:location>x</adlcp:location><file href=\"b\"/>")], Invalid("element `file` is not allowed here; expected an element from another")),
    ("golf-item-any-item", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><adlcp:location>x</adlcp:location><item identifier=\"late\"/>")], Invalid("element `item` is not allowed here; expected an element from another")),
    ("golf-lom-in-item", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"/>")], Valid),
    ("golf-imsmd-title-in-item", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><imsmd:title xmlns:imsmd=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><imsmd:langstring>x</imsmd:langstring></imsmd:title>")], Valid),
    ("golf-imsmd-title-bad-in-item", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><imsmd:title xmlns:imsmd=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\">x</imsmd:title>")], Invalid("missing child element in `imsmd:title`; expected `langstring`")),
    ("golf-xml-lang-item-strict", GOLF, &[("<item identifier=\"item_1\"", "<item xml:lang=\"de-DE\" identifier=\"item_1\"")], Valid),
    ("golf-xml-lang-item-bad", GOLF, &[("<item identifier=\"item_1\"", "<item xml:lang=\"de_DE\" identifier=\"item_1\"")], Invalid("attribute `xml:lang` has value `de_DE`; expected a language tag such")),
    ("golf-xml-space-item", GOLF, &[("<item identifier=\"item_1\"", "<item xml:space=\"preserve\" identifier=\"item_1\"")], Invalid("attribute `xml:space` is not declared in the schemas (namespace")),
    ("golf-adlcp-attr-unknown", GOLF, &[("<item identifier=\"item_1\"", "<item adlcp:foo=\"x\" identifier=\"item_1\"")], Invalid("attribute `adlcp:foo` is not declared in the schemas (namespace")),
    ("golf-imsmd-attr", GOLF, &[("<item identifier=\"item_1\"", "<item xmlns:imsmd=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\" imsmd:type=\"URI\" identifier=\"item_1\"")], Invalid("attribute `imsmd:type` is not declared in the schemas (namespace")),
    ("golf-root-lom", GOLF, &[("", "<lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general/></lom>")], Valid),
    ("golf-root-adlcp-location", GOLF, &[("", "<adlcp:location xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\">x</adlcp:location>")], Valid),
    ("golf-root-langstring-xmllang", GOLF, &[("", "<langstring xml:lang=\"en\" xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\">x</langstring>")], Valid),
    ("golf-root-item", GOLF, &[("", "<item identifier=\"i\" xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"/>")], Valid),
    ("golf-root-size-bad", GOLF, &[("", "<size xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\">x</size>")], Invalid("`size` has value `x`; expected an integer from -2147483648 to")),
    ("golf-root-schema-adlcp", GOLF, &[("", "<adlcp:schema xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\">ADL SCORM</adlcp:schema>")], Valid),
    ("golf-root-schema-adlcp-bad", GOLF, &[("", "<adlcp:schema xmlns:adlcp=\"http://www.adlnet.org/xsd/adlcp_rootv1p2\">ADL</adlcp:schema>")], Invalid("`adlcp:schema`: value `ADL` is not one of the allowed values: ADL")),
    ("golf-root-unknown", GOLF, &[("", "<foo/>")], Invalid("the root element `foo` is not declared in the schemas (no namespace)")),
    ("golf-schemaversion-padded", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion> 1.2 </schemaversion>")], Valid),
    ("golf-schema-lower", GOLF, &[("<schema>ADL SCORM</schema>", "<schema>adl scorm</schema>")], Valid),
    ("golf-schemaversion-12", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>CAM 1.3</schemaversion>")], Valid),
    ("golf-xsi-type-xs-string", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion xsi:type=\"xsd:string\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">1.2</schemaversion>")], Invalid("`xsi:type` on `schemaversion` names type `xsd:string`, which does not")),
    ("golf-xsi-type-prefixed-same", GOLF, &[("version=\"1\"", "version=\"1\" xsi:type=\"cp:manifestType\" xmlns:cp=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"")], Valid),
    ("golf-xsi-nil-bad", GOLF, &[("<metadata>", "<metadata xsi:nil=\"maybe\">")], Invalid("attribute `xsi:nil` has value `maybe`; expected a boolean (true,")),
    ("golf-comment-before-root", GOLF, &[("<manifest ", "<!-- c --><?pi x?>\n<manifest ")], Valid),
    ("golf-utf8-bom", GOLF, &[("<?xml", "﻿<?xml")], Valid),
    ("golf-no-decl", GOLF, &[("<?xml version=\"1.0\" standalone=\"no\" ?>\n", "")], Valid),
    ("golf-decl-version-11", GOLF, &[("version=\"1.0\" standalone", "version=\"1.1\" standalone")], Valid),
    ("golf-decl-version-2", GOLF, &[("version=\"1.0\" standalone", "version=\"2.0\" standalone")], Invalid("the XML declaration has version `2.0`; expected `1.0`")),
    ("golf-decl-standalone-bad", GOLF, &[("standalone=\"no\"", "standalone=\"maybe\"")], Invalid("`standalone` in the XML declaration must be `yes` or `no`")),
    ("golf-decl-encoding-latin1", GOLF, &[("standalone=\"no\"", "encoding=\"ISO-8859-1\" standalone=\"no\"")], Valid),
    ("golf-decl-encoding-ascii-nonascii", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explaiñed</title>")], Valid),
    ("golf-empty-ns-prefix-use", GOLF, &[("<resources>", "<resources xmlns:x=\"\"><x:foo/>")], Invalid("the namespace prefix `x` of element `x:foo` is not declared")),
    ("golf-xmlns-prefix-elem", GOLF, &[("<title>Golf Explained</title>", "<title>Golf Explained</title><xmlns:foo/>")], Invalid("`xmlns:foo`: the prefix `xmlns` is reserved")),
    ("golf-prefix-xml-rebind", GOLF, &[("<resources>", "<resources xmlns:xml=\"http://example.com/\">")], Valid),
    ("golf-prefix-xml-ok", GOLF, &[("<resources>", "<resources xmlns:xml=\"http://www.w3.org/XML/1998/namespace\">")], Valid),
    ("golf-ns-attr-dup", GOLF, &[("<resources>", "<resources xmlns:a=\"urn:q\" xmlns:b=\"urn:q\" a:z=\"1\" b:z=\"2\">")], Invalid("attribute `a:z` is not declared in the schemas")),
    ("golf-long-title-only-ws", GOLF, &[("<title>Golf Explained</title>", "<title>{{ *201}}</title>")], Invalid("`title` is longer than 200 characters (it has 201)")),
    ("golf-title-tab-200", GOLF, &[("<title>Golf Explained</title>", "<title>{{\t*200}}</title>")], Valid),
    ("golf-title-nbsp-201", GOLF, &[("<title>Golf Explained</title>", "<title>{{ *201}}</title>")], Invalid("`title` is longer than 200 characters (it has 201)")),
    ("golf-title-astral-200", GOLF, &[("<title>Golf Explained</title>", "<title>{{😀*200}}</title>")], Valid),
    ("golf-title-astral-201", GOLF, &[("<title>Golf Explained</title>", "<title>{{😀*201}}</title>")], Invalid("`title` is longer than 200 characters (it has 201)")),
    ("golf-title-charref-201", GOLF, &[("<title>Golf Explained</title>", "<title>{{t*200}}&#65;</title>")], Invalid("`title` is longer than 200 characters (it has 201)")),
    ("golf-org-title-201", GOLF, &[("<title>Golf Explained - Run-time Basic Calls</title>", "<title>{{o*201}}</title>")], Invalid("`title` is longer than 200 characters (it has 201)")),
    ("golf-href-2000-unicode", GOLF, &[("href=\"shared/launchpage.html\"", "href=\"{{é*2000}}\"")], Valid),
    ("golf-href-2001-unicode", GOLF, &[("href=\"shared/launchpage.html\"", "href=\"{{é*2001}}\"")], Invalid("attribute `href` is longer than 2000 characters (it has 2001)")),
    ("golf-href-2001-inner-spaces", GOLF, &[("href=\"shared/launchpage.html\"", "href=\"{{a*1000}}  {{b*1000}}\"")], Invalid("attribute `href` is longer than 2000 characters (it has 2001)")),
    ("golf-file-href-ws", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"  \"/>")], Valid),
    ("golf-file-href-brace", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"{x}.html\"/>")], Valid),
    ("golf-file-href-pct-bad2", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"a%zz.html\"/>")], Invalid("attribute `href` has value `a%zz.html`; expected a URI reference")),
    ("golf-file-href-scheme-digit", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"1a:b.html\"/>")], Invalid("attribute `href` has value `1a:b.html`; expected a URI reference")),
    ("golf-file-href-question-colon", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"a?b:c#d?e/f\"/>")], Valid),
    ("golf-file-href-hash-bracket", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"a#[x]\"/>")], Valid),
    ("golf-file-href-at", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"//user@host:80/p\"/>")], Valid),
    ("golf-file-href-ipv4ish", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"http://999.1.1.1/x\"/>")], Valid),
    ("golf-file-href-dblslash-noauth", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"http:///x\"/>")], Valid),
    ("golf-file-href-abs-colon-path", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"urn:a:b:c\"/>")], Valid),
    ("golf-file-href-rel-colon-later", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"a/b:c\"/>")], Valid),
    ("golf-file-href-bracket-in-path", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"a[1].html\"/>")], Invalid("attribute `href` has value `a[1].html`; expected a URI reference")),
    ("golf-file-href-caret", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"a^b.html\"/>")], Valid),
    ("golf-file-href-port-letters", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"http://h:8a/\"/>")], Invalid("attribute `href` has value `http://h:8a/`; expected a URI reference")),
    ("golf-file-href-quote", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"it&apos;s.html\"/>")], Valid),
    ("golf-file-href-pct-end", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"a%\"/>")], Invalid("attribute `href` has value `a%`; expected a URI reference")),
    ("golf-file-href-scheme-only", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"javascript:\"/>")], Valid),
    ("golf-file-href-hash-only", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"#\"/>")], Valid),
    ("golf-file-href-q-only", GOLF, &[("<file href=\"Etiquette/Course.html\"/>", "<file href=\"?\"/>")], Valid),
    ("lom-empty", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"></lom>")], Valid),
    ("lom-full-general", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><identifier>id</identifier><title><langstring>t</langstring></title><catalogentry><catalog>c</catalog><entry><langstring>e</langstring></entry></catalogentry><language>en</language><description><langstring>d</langstring></description><keyword><langstring>k</langstring></keyword><coverage><langstring>c</langstring></coverage><structure><source><langstring>LOMv1.0</langstring></source><value><langstring>Atomic</langstring></value></structure><aggregationlevel><source><langstring>LOMv1.0</langstring></source><value><langstring>1</langstring></value></aggregationlevel></general></lom>")], Valid),
    ("lom-catalogentry-no-entry", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><catalogentry><catalog>c</catalog></catalogentry></general></lom>")], Invalid("missing child element in `catalogentry`; expected `entry`")),
    ("lom-contribute", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><lifecycle><contribute><role><source><langstring>LOMv1.0</langstring></source><value><langstring>Author</langstring></value></role><centity><vcard>BEGIN:VCARD</vcard></centity><date><datetime>2001</datetime></date></contribute></lifecycle></lom>")], Valid),
    ("lom-contribute-no-role", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><lifecycle><contribute><centity><vcard>x</vcard></centity></contribute></lifecycle></lom>")], Invalid("element `centity` is not allowed here; expected `role`")),
    ("lom-centity-empty", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><lifecycle><contribute><role><source><langstring>a</langstring></source><value><langstring>b</langstring></value></role><centity/></contribute></lifecycle></lom>")], Invalid("missing child element in `centity`; expected `vcard`")),
    ("lom-technical-full", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><format>text/html</format><size>10</size><location type=\"URI\">http://x</location><requirement><type><source><langstring>a</langstring></source><value><langstring>b</langstring></value></type><name><source><langstring>a</langstring></source><value><langstring>b</langstring></value></name><minimumversion>1</minimumversion><maximumversion>2</maximumversion></requirement><installationremarks><langstring>r</langstring></installationremarks><otherplatformrequirements><langstring>o</langstring></otherplatformrequirements><duration><datetime>PT1H</datetime></duration></technical></lom>")], Valid),
    ("lom-size-negative", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size>-5</size></technical></lom>")], Valid),
    ("lom-size-plus", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size>+5</size></technical></lom>")], Valid),
    ("lom-size-empty", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size/></technical></lom>")], Invalid("`size` has value ``; expected an integer from -2147483648 to")),
    ("lom-size-leading-zero", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size>007</size></technical></lom>")], Valid),
    ("lom-size-tab", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size>5\t</size></technical></lom>")], Invalid("`size` has value `5\t`; expected an integer from -2147483648 to")),
    ("lom-size-decimal", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size>5.0</size></technical></lom>")], Invalid("`size` has value `5.0`; expected an integer from -2147483648 to")),
    ("lom-size-exp", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size>1e3</size></technical></lom>")], Invalid("`size` has value `1e3`; expected an integer from -2147483648 to")),
    ("lom-size-max", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size>2147483647</size></technical></lom>")], Valid),
    ("lom-size-min", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size>-2147483648</size></technical></lom>")], Valid),
    ("lom-size-under", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size>-2147483649</size></technical></lom>")], Invalid("`size` has value `-2147483649`; expected an integer from -2147483648")),
    ("lom-size-cdata", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size><![CDATA[12]]></size></technical></lom>")], Valid),
    ("lom-size-comment", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size>1<!-- x -->2</size></technical></lom>")], Valid),
    ("lom-location-type-ws", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><location type=\" URI\">x</location></technical></lom>")], Invalid("attribute `type`: value ` URI` is not one of the allowed values: URI,")),
    ("lom-location-child", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><location><x/></location></technical></lom>")], Invalid("element `x` is not allowed in `location`, which holds text only")),
    ("lom-two-size", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size>1</size><size>2</size></technical></lom>")], Valid),
    ("lom-format-after-size", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><size>1</size><format>x</format></technical></lom>")], Valid),
    ("lom-educational-full", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><educational><interactivitytype><source><langstring>a</langstring></source><value><langstring>b</langstring></value></interactivitytype><learningresourcetype><source><langstring>a</langstring></source><value><langstring>b</langstring></value></learningresourcetype><interactivitylevel><source><langstring>a</langstring></source><value><langstring>b</langstring></value></interactivitylevel><semanticdensity><source><langstring>a</langstring></source><value><langstring>b</langstring></value></semanticdensity><intendedenduserrole><source><langstring>a</langstring></source><value><langstring>b</langstring></value></intendedenduserrole><context><source><langstring>a</langstring></source><value><langstring>b</langstring></value></context><typicalagerange><langstring>7-9</langstring></typicalagerange><difficulty><source><langstring>a</langstring></source><value><langstring>b</langstring></value></difficulty><typicallearningtime><datetime>PT1H</datetime></typicallearningtime><description><langstring>d</langstring></description><language>en</language></educational></lom>")], Valid),
    ("lom-rights-description", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><rights><description><langstring>d</langstring></description></rights></lom>")], Valid),
    ("lom-relation", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><relation><kind><source><langstring>a</langstring></source><value><langstring>b</langstring></value></kind><resource><identifier>x</identifier><description><langstring>d</langstring></description></resource></relation></lom>")], Valid),
    ("lom-annotation", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><annotation><person><vcard>v</vcard></person><date><datetime>2001</datetime></date><description><langstring>d</langstring></description></annotation></lom>")], Valid),
    ("lom-annotation-text", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><annotation>free text <person><vcard>v</vcard></person></annotation></lom>")], Valid),
    ("lom-classification", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><classification><purpose><source><langstring>a</langstring></source><value><langstring>b</langstring></value></purpose><taxonpath><source><langstring>s</langstring></source><taxon><id>1</id><entry><langstring>e</langstring></entry></taxon></taxonpath><description><langstring>d</langstring></description><keyword><langstring>k</langstring></keyword></classification></lom>")], Valid),
    ("lom-classification-order", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><classification><keyword><langstring>k</langstring></keyword><purpose/></classification></lom>")], Invalid("missing child element in `purpose`; expected `source`")),
    ("lom-purpose-no-value", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><classification><purpose><source><langstring>a</langstring></source></purpose></classification></lom>")], Invalid("missing child element in `purpose`; expected `value`")),
    ("lom-source-two-langstrings", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><structure><source><langstring>a</langstring><langstring>b</langstring></source><value><langstring>c</langstring></value></structure></general></lom>")], Invalid("element `langstring` is not allowed here; expected the end of `source`")),
    ("lom-value-empty", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><structure><source><langstring>a</langstring></source><value/></structure></general></lom>")], Invalid("missing child element in `value`; expected `langstring`")),
    ("lom-langstring-empty-ok", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><title><langstring/></title></general></lom>")], Valid),
    ("lom-langstring-child", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><title><langstring><b>x</b></langstring></title></general></lom>")], Invalid("element `b` is not allowed in `langstring`, which holds text only")),
    ("lom-langstring-xmllang-empty", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><title><langstring xml:lang=\"\">x</langstring></title></general></lom>")], Invalid("attribute `xml:lang` has value ``; expected a language tag such as")),
    ("lom-langstring-xmllang-x", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><title><langstring xml:lang=\"x-none\">x</langstring></title></general></lom>")], Valid),
    ("lom-langstring-xmllang-i", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><title><langstring xml:lang=\"i-klingon\">x</langstring></title></general></lom>")], Valid),
    ("lom-langstring-xmllang-long", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><title><langstring xml:lang=\"en-US-abcdefghi\">x</langstring></title></general></lom>")], Invalid("attribute `xml:lang` has value `en-US-abcdefghi`; expected a language")),
    ("lom-langstring-xmllang-digits", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><title><langstring xml:lang=\"en-419\">x</langstring></title></general></lom>")], Valid),
    ("lom-langstring-xmllang-digitfirst", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><title><langstring xml:lang=\"419\">x</langstring></title></general></lom>")], Invalid("attribute `xml:lang` has value `419`; expected a language tag such as")),
    ("lom-title-text-only", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><title>text</title></general></lom>")], Invalid("missing child element in `title`; expected `langstring`")),
    ("lom-title-ws-then-langstring", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><title>\n  <langstring>x</langstring>\n</title></general></lom>")], Valid),
    ("lom-general-any-strict-unknown", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><foo xmlns=\"urn:foo\"/></general></lom>")], Invalid("element `foo` is not declared in the schemas (namespace `urn:foo`);")),
    ("lom-general-any-adlcp", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><adlcp:location>x</adlcp:location></general></lom>")], Valid),
    ("lom-general-any-imscp", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><cp:title xmlns:cp=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\">x</cp:title></general></lom>")], Valid),
    ("lom-general-any-imscp-bad", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><cp:item xmlns:cp=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"/></general></lom>")], Invalid("missing required attribute `identifier` on `cp:item`")),
    ("lom-general-any-nons", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><foo xmlns=\"\"/></general></lom>")], Invalid("element `foo` is not declared in the schemas; the place it is in")),
    ("lom-general-dup-identifier", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><identifier>a</identifier><identifier>b</identifier></general></lom>")], Valid),
    ("lom-general-any-then-identifier", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><adlcp:location>x</adlcp:location><identifier>a</identifier></general></lom>")], Valid),
    ("lom-general-aggregation-any-keyword", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general><keyword><langstring>k</langstring></keyword><adlcp:location>x</adlcp:location><keyword><langstring>k</langstring></keyword></general></lom>")], Valid),
    ("lom-metametadata", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><metametadata><identifier>x</identifier><catalogentry><catalog>c</catalog><entry><langstring>e</langstring></entry></catalogentry><contribute><role><source><langstring>a</langstring></source><value><langstring>b</langstring></value></role></contribute><metadatascheme>a</metadatascheme><metadatascheme>b</metadatascheme><language>en</language></metametadata></lom>")], Valid),
    ("lom-metametadata-two-language", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><metametadata><language>en</language><language>fr</language></metametadata></lom>")], Valid),
    ("lom-lifecycle-status-twice", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><lifecycle><status><source><langstring>a</langstring></source><value><langstring>b</langstring></value></status><status><source><langstring>a</langstring></source><value><langstring>b</langstring></value></status></lifecycle></lom>")], Valid),
    ("lom-two-general", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general/><general/></lom>")], Invalid("element `general` is not allowed here; expected `lifecycle`,")),
    ("lom-order-all", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general/><lifecycle/><metametadata/><technical/><educational/><rights/><relation/><relation/><annotation/><annotation/><classification/><classification/></lom>")], Valid),
    ("lom-order-bad", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><rights/><educational/></lom>")], Invalid("element `educational` is not allowed here; expected `relation`,")),
    ("lom-any-at-end", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general/><adlcp:location>x</adlcp:location></lom>")], Invalid("element `adlcp:location` is not allowed here; expected `lifecycle`,")),
    ("lom-vcard-child", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><annotation><person><vcard><x/></vcard></person></annotation></lom>")], Invalid("element `x` is not allowed in `vcard`, which holds text only")),
    ("lom-datetime-long", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><technical><duration><datetime>{{9*500}}</datetime></duration></technical></lom>")], Valid),
    ("lom-prefixed-mixed", GOLF, &[("<schemaversion>1.2</schemaversion>", "<schemaversion>1.2</schemaversion><lom xmlns=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><general xmlns:m=\"http://www.imsglobal.org/xsd/imsmd_rootv1p2p1\"><m:identifier>x</m:identifier><title><m:langstring>t</m:langstring></title></general></lom>")], Valid),
    ("tc-scale", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html</launch><interactionType>likert</interactionType><scale><component><id>1</id><description lang=\"en\">one</description><description lang=\"fr\">un</description></component><component><id>2</id><description>two</description></component></scale>")], Valid),
    ("tc-source-target", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html</launch><interactionType>matching</interactionType><source><component><id>a</id><description>A</description></component></source><target><component><id>b</id><description>B</description></component></target>")], Valid),
    ("tc-target-before-source", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html</launch><target><component><id>b</id><description>B</description></component></target><source><component><id>a</id><description>A</description></component></source>")], Invalid("element `source` is not allowed here; expected `steps`, `extensions`")),
    ("tc-steps", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html</launch><steps><component><id>s</id><description>S</description></component></steps>")], Valid),
    ("tc-steps-empty", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html</launch><steps/>")], Invalid("missing child element in `steps`; expected `component`")),
    ("tc-component-two-ids", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html</launch><steps><component><id>s</id><id>t</id><description>S</description></component></steps>")], Invalid("element `id` is not allowed here; expected `description`")),
    ("tc-component-desc-first", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html</launch><steps><component><description>S</description><id>s</id></component></steps>")], Invalid("element `description` is not allowed here; expected `id`")),
    ("tc-component-id-attr", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html</launch><steps><component id=\"x\"><id>s</id><description>S</description></component></steps>")], Invalid("attribute `id` is not allowed on `component`")),
    ("tc-interactiontype-any-string", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html</launch><interactionType>whatever it is</interactionType>")], Valid),
    ("tc-interactiontype-twice", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html</launch><interactionType>a</interactionType><interactionType>b</interactionType>")], Invalid("element `interactionType` is not allowed here; expected")),
    ("tc-interactiontype-child", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html</launch><interactionType><x/></interactionType>")], Invalid("element `x` is not allowed in `interactionType`, which holds text only")),
    ("tc-crp-multi", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html</launch><correctResponsePatterns><correctResponsePattern>a</correctResponsePattern><correctResponsePattern>b[,]c</correctResponsePattern></correctResponsePatterns>")], Valid),
    ("tc-crp-wrong-child", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html</launch><correctResponsePatterns><pattern>a</pattern></correctResponsePatterns>")], Invalid("element `pattern` is not allowed here; expected")),
    ("tc-extensions-two", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html</launch><extensions><extension key=\"a\">1</extension><extension key=\"b\"><![CDATA[2]]></extension></extensions>")], Valid),
    ("tc-extension-child", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html</launch><extensions><extension key=\"a\"><x/></extension></extensions>")], Invalid("element `x` is not allowed in `extension`, which holds text only")),
    ("tc-extension-lang", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html</launch><extensions><extension key=\"a\" lang=\"en\">1</extension></extensions>")], Invalid("attribute `lang` is not allowed on `extension`")),
    ("tc-extensions-then-launch", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<extensions><extension key=\"a\">1</extension></extensions><launch lang=\"en-us\">index.html</launch>")], Invalid("element `launch` is not allowed here; expected the end of `activity`")),
    ("tc-resource-before-launch", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<resource>r.html</resource><launch lang=\"en-us\">index.html</launch>")], Invalid("element `launch` is not allowed here; expected `resource`,")),
    ("tc-launch-lang-bad", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en us\">index.html</launch>")], Invalid("attribute `lang` has value `en us`; expected a language tag such as")),
    ("tc-launch-unknown-attr", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\" href=\"x\">index.html</launch>")], Invalid("attribute `href` is not allowed on `launch`")),
    ("tc-launch-uri-hash", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index.html#a#b</launch>")], Invalid("`launch` has value `index.html#a#b`; expected a URI reference")),
    ("tc-launch-uri-space", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">my index.html</launch>")], Valid),
    ("tc-launch-uri-newline", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">\nindex.html\n</launch>")], Valid),
    ("tc-launch-uri-pct", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">index%20a.html</launch>")], Valid),
    ("tc-launch-ws-only", TCGOLF, &[("<launch lang=\"en-us\">index.html</launch>", "<launch lang=\"en-us\">   </launch>")], Valid),
    ("tc-desc-empty", TCGOLF, &[("<description lang=\"en-US\">An overview of the sport of golf.</description>", "<description/>")], Valid),
    ("tc-name-empty", TCGOLF, &[("<name>Tin Can Golf Example</name>", "<name/>")], Valid),
    ("tc-name-lang-x", TCGOLF, &[("<name>Tin Can Golf Example</name>", "<name lang=\"x-klingon\">Golf</name>")], Valid),
    ("tc-activity-id-space", TCGOLF, &[("id=\"http://id.tincanapi.com/activity/tincan-prototypes/golf-example\"", "id=\"http://x/a b\"")], Valid),
    ("tc-activity-id-urn", TCGOLF, &[("id=\"http://id.tincanapi.com/activity/tincan-prototypes/golf-example\"", "id=\"urn:uuid:1234\"")], Valid),
    ("tc-activity-id-relative", TCGOLF, &[("id=\"http://id.tincanapi.com/activity/tincan-prototypes/golf-example\"", "id=\"golf\"")], Valid),
    ("tc-activity-id-colon", TCGOLF, &[("id=\"http://id.tincanapi.com/activity/tincan-prototypes/golf-example\"", "id=\":golf\"")], Invalid("attribute `id` has value `:golf`; expected a URI reference")),
    ("tc-activity-id-long", TCGOLF, &[("id=\"http://id.tincanapi.com/activity/tincan-prototypes/golf-example\"", "id=\"http://x/{{a*5000}}\"")], Valid),
    ("tc-activity-no-type", TCGOLF, &[(" type=\"http://adlnet.gov/expapi/activities/course\"", "")], Valid),
    ("tc-activity-xml-lang", TCGOLF, &[("<activity id=", "<activity xml:lang=\"en\" id=")], Invalid("attribute `xml:lang` is not allowed on `activity`")),
    ("tc-activity-xsi-nil", TCGOLF, &[("<activity id=", "<activity xsi:nil=\"true\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" id=")], Invalid("`activity` is not nillable; remove `xsi:nil`")),
    ("tc-tincan-attr", TCGOLF, &[("<tincan xmlns", "<tincan version=\"1\" xmlns")], Invalid("attribute `version` is not allowed on `tincan`")),
    ("tc-tincan-text", TCGOLF, &[("<activities>", "x<activities>")], Invalid("text is not allowed in `tincan`: it may contain only child elements")),
    ("tc-activities-text", TCGOLF, &[("<activity id", "x<activity id")], Invalid("text is not allowed in `activities`: it may contain only child")),
    ("tc-provider-name-twice", TCGOLF, &[("</activity>", "</activity><provider><name>a</name><name>b</name><id>p</id></provider>")], Invalid("element `name` is not allowed here; expected `id`, `secret`,")),
    ("tc-provider-info-ok", TCGOLF, &[("</activity>", "</activity><provider><name>a</name><id>p</id><info>http://x/y</info></provider>")], Valid),
    ("tc-provider-name-lang", TCGOLF, &[("</activity>", "</activity><provider><name lang=\"en\">a</name><id>p</id></provider>")], Valid),
    ("tc-provider-name-lang-bad", TCGOLF, &[("</activity>", "</activity><provider><name lang=\"e n\">a</name><id>p</id></provider>")], Invalid("attribute `lang` has value `e n`; expected a language tag such as")),
    ("tc-provider-text", TCGOLF, &[("</activity>", "</activity><provider>x<name>a</name><id>p</id></provider>")], Invalid("text is not allowed in `provider`: it may contain only child elements")),
    ("tc-provider-ws", TCGOLF, &[("</activity>", "</activity><provider>\n <name>a</name>\n <id>p</id>\n</provider>")], Valid),
    ("tc-many-activities", TCGOLF, &[("</activity>", "</activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity><activity id=\"http://x/%d\"><name>n</name><description>d</description></activity>")], Invalid("attribute `id` has value `http://x/%d`; expected a URI reference")),
    ("tc-story-no-desc-2", TCSTORY, &[("<description lang=\"und\">INTRO</description>", "")], Invalid("missing child element in `activity`; expected `name` or `description`")),
    ("tc-story-extra-name", TCSTORY, &[("<name lang=\"und\">INTRO</name>", "<name lang=\"und\">INTRO</name><name lang=\"uk\">ВСТУП</name>")], Valid),
    ("tc-story-lang-cyr", TCSTORY, &[("<name lang=\"und\">INTRO</name>", "<name lang=\"ук\">INTRO</name>")], Invalid("attribute `lang` has value `ук`; expected a language tag such as `en`")),
    ("tc-story-xsd-prefix-unused", TCSTORY, &[("xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" ", "")], Valid),
    ("tc-adapt-name-cdata-and-text", TCADAPT, &[("<name><![CDATA[Why do we need to license?]]></name>", "<name>Why <![CDATA[do]]> we</name>")], Valid),
    ("tc-adapt-no-launch", TCADAPT, &[("<launch lang=\"en-US\">index.html</launch>", "")], Valid),
    ("tc-adapt-desc-missing", TCADAPT, &[("<description lang=\"en-US\"><![CDATA[]]></description>", "")], Invalid("element `launch` is not allowed here; expected `name` or `description`")),
];

/// Expands `{{c*N}}` runs.
fn expand(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let parsed = after.find("}}").and_then(|end| {
            let spec = &after[..end];
            let mut chars = spec.chars();
            let c = chars.next()?;
            let n: usize = chars.as_str().strip_prefix('*')?.parse().ok()?;
            Some((c, n, end))
        });
        match parsed {
            Some((c, n, end)) => {
                out.extend(std::iter::repeat_n(c, n));
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Applies a case's edits to its base; `None` when an edit does not apply.
fn build(base: &Base, edits: &[(&str, &str)]) -> Option<String> {
    let mut text = base.text.to_owned();
    for (old, new) in edits {
        let (old, new) = (expand(old), expand(new));
        text = if old.is_empty() {
            new
        } else if let Some((start, end)) = old.split_once('\u{2026}') {
            let i = text.find(start)?;
            let j = i + start.len() + text[i + start.len()..].find(end)?;
            format!("{}{}{}", &text[..i], new, &text[j + end.len()..])
        } else {
            let i = text.find(&old)?;
            format!("{}{}{}", &text[..i], new, &text[i + old.len()..])
        };
    }
    Some(text)
}

fn set(kind: Kind) -> &'static SchemaSet {
    match kind {
        Kind::Scorm12 => SchemaSet::scorm12(),
        Kind::TinCan => SchemaSet::tincan(),
    }
}

#[test]
fn bundled_sets_compile() {
    assert_eq!(SchemaSet::scorm12().broken, None);
    assert_eq!(SchemaSet::tincan().broken, None);
    assert_eq!(SchemaSet::cmi5().broken, None);
}

/// The cmi5 course structure schema: the published examples are valid; a `moveOn` outside
/// its enumeration, a `masteryScore` above 1 and a second `<url>` are not (xmllint's verdicts).
#[test]
fn cmi5_schema_verdicts() {
    let simple = include_str!("../../../tests/fixtures/packages/valid-cmi5/cmi5.xml");
    assert_eq!(SchemaSet::cmi5().validate(simple.as_bytes()), vec![]);
    for (old, new, fragment) in [
        ("moveOn=\"Passed\"", "moveOn=\"passed\"", "moveOn"),
        (
            "masteryScore=\"0.8\"",
            "masteryScore=\"1.5\"",
            "masteryScore",
        ),
        ("</url>", "</url><url>b.html</url>", "url"),
    ] {
        assert!(simple.contains(old), "{old}");
        let doc = simple.replacen(old, new, 1);
        let found = SchemaSet::cmi5().validate(doc.as_bytes());
        assert!(
            found.iter().any(|v| v.message.contains(fragment)),
            "{new}: {found:#?}"
        );
    }
}

#[test]
fn bases_are_valid() {
    for base in [GOLF, STORY, EBPL, TCGOLF, TCSTORY, TCADAPT] {
        assert_eq!(
            set(base.kind).validate(base.text.as_bytes()),
            vec![],
            "{}",
            base.text
        );
    }
}

#[test]
fn cases_give_the_recorded_verdicts() {
    let mut failures = Vec::new();
    for (name, base, edits, expect) in CASES {
        let Some(doc) = build(base, edits) else {
            failures.push(format!("{name}: an edit does not apply"));
            continue;
        };
        let found = set(base.kind).validate(doc.as_bytes());
        let ok = match expect {
            Valid => found.is_empty(),
            Invalid(fragment) => found.iter().any(|v| v.message.contains(fragment)),
        };
        if !ok {
            failures.push(format!("{name}: expected {expect:?}, found {found:#?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

/// Cases on a schema of our own that uses what the bundled schemas do not: `xs:all`,
/// complex-content extension, numeric and length facets, lists, unions, fixed values, mixed
/// content, `##local`/`##targetNamespace` wildcards with `skip`/`lax`, unqualified locals.
/// Verdicts recorded from xmllint.
const FEATURES_XSD: &str = r###"<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:f" targetNamespace="urn:f" elementFormDefault="qualified" attributeFormDefault="unqualified">
  <xs:element name="root">
    <xs:complexType>
      <xs:choice minOccurs="1" maxOccurs="unbounded">
        <xs:element name="pair" type="pair"/>
        <xs:element name="point" type="point3"/>
        <xs:element name="num" type="percent"/>
        <xs:element name="code" type="code"/>
        <xs:element name="list" type="ints"/>
        <xs:element name="either" type="intOrBool"/>
        <xs:element name="note" type="note"/>
        <xs:element name="box" type="box"/>
        <xs:element name="open" type="open"/>
        <xs:element name="fixed" type="xs:string" fixed="F"/>
        <xs:element name="local">
          <xs:complexType><xs:sequence><xs:element name="x" form="unqualified" type="xs:token" minOccurs="2" maxOccurs="3"/></xs:sequence></xs:complexType>
        </xs:element>
      </xs:choice>
    </xs:complexType>
  </xs:element>
  <xs:complexType name="pair"><xs:all><xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:string" minOccurs="0"/></xs:all></xs:complexType>
  <xs:complexType name="point"><xs:sequence><xs:element name="x" type="xs:decimal"/><xs:element name="y" type="xs:decimal"/></xs:sequence><xs:attribute name="unit" type="xs:NCName" default="px"/></xs:complexType>
  <xs:complexType name="point3"><xs:complexContent><xs:extension base="point"><xs:sequence><xs:element name="z" type="xs:decimal"/></xs:sequence><xs:attribute name="label" type="xs:string" use="required"/></xs:extension></xs:complexContent></xs:complexType>
  <xs:simpleType name="percent"><xs:restriction base="xs:decimal"><xs:minInclusive value="0"/><xs:maxExclusive value="100"/><xs:fractionDigits value="2"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="code"><xs:restriction base="xs:token"><xs:length value="3"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="ints"><xs:restriction><xs:simpleType><xs:list itemType="xs:integer"/></xs:simpleType><xs:maxLength value="3"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="intOrBool"><xs:union memberTypes="xs:integer xs:boolean"/></xs:simpleType>
  <xs:complexType name="note"><xs:simpleContent><xs:extension base="xs:string"><xs:attribute name="lang" type="xs:language" fixed="en"/></xs:extension></xs:simpleContent></xs:complexType>
  <xs:complexType name="box" mixed="true"><xs:sequence><xs:element name="b" type="xs:string" minOccurs="0" maxOccurs="2"/></xs:sequence></xs:complexType>
  <xs:complexType name="open"><xs:sequence><xs:any namespace="##local" processContents="skip" minOccurs="0"/><xs:any namespace="##targetNamespace" processContents="lax" minOccurs="0"/></xs:sequence><xs:anyAttribute namespace="urn:other" processContents="lax"/></xs:complexType>
</xs:schema>
"###;

const FEATURE_CASES: &[(&str, &str, bool)] = &[
    ("pair-ab", "<pair><b>2</b><a>1</a></pair>", true),
    ("pair-a", "<pair><a>1</a></pair>", true),
    ("pair-b", "<pair><b>1</b></pair>", false),
    ("pair-aa", "<pair><a>1</a><a>2</a></pair>", false),
    ("pair-empty", "<pair/>", false),
    ("point3", "<point label=\"p\"><x>1</x><y>2.5</y><z>-3</z></point>", true),
    ("point3-nolabel", "<point><x>1</x><y>2</y><z>3</z></point>", false),
    ("point3-noz", "<point label=\"p\"><x>1</x><y>2</y></point>", false),
    ("point3-zfirst", "<point label=\"p\"><z>1</z><x>1</x><y>2</y></point>", false),
    ("point3-unit", "<point label=\"p\" unit=\"cm\"><x>1</x><y>2</y><z>3</z></point>", true),
    ("point3-unit-bad", "<point label=\"p\" unit=\"1cm\"><x>1</x><y>2</y><z>3</z></point>", false),
    ("point3-x-bad", "<point label=\"p\"><x>one</x><y>2</y><z>3</z></point>", false),
    ("num-ok", "<num>99.99</num>", true),
    ("num-100", "<num>100</num>", false),
    ("num-neg", "<num>-0.01</num>", false),
    ("num-zero", "<num>0</num>", true),
    ("num-3digits", "<num>1.234</num>", false),
    ("num-ws", "<num> 5 </num>", true),
    ("code-ok", "<code>abc</code>", true),
    ("code-ws", "<code>  abc  </code>", true),
    ("code-2", "<code>ab</code>", false),
    ("code-inner", "<code>a c</code>", true),
    ("list-ok", "<list>1 2 3</list>", true),
    ("list-4", "<list>1 2 3 4</list>", false),
    ("list-bad", "<list>1 x</list>", false),
    ("list-empty", "<list></list>", true),
    ("either-int", "<either>42</either>", true),
    ("either-bool", "<either>true</either>", true),
    ("either-bad", "<either>maybe</either>", false),
    ("note-ok", "<note lang=\"en\">hi</note>", true),
    ("note-nolang", "<note>hi</note>", true),
    ("note-fixed-bad", "<note lang=\"fr\">hi</note>", false),
    ("note-child", "<note><b/></note>", false),
    ("box-text", "<box>text <b>bold</b> more <b>x</b> end</box>", true),
    ("box-3b", "<box><b/><b/><b/></box>", false),
    ("box-empty", "<box/>", true),
    ("open-skip", "<open><anything><deep x=\"1\"/></anything></open>", true),
    ("open-tns-lax-unknown", "<open><mystery/></open>", true),
    ("open-tns-lax-known-bad", "<open><num>500</num></open>", true),
    ("open-other-ns", "<open><o:x xmlns:o=\"urn:other\"/></open>", false),
    ("open-attr-other", "<open xmlns:o=\"urn:other\" o:a=\"1\"/>", true),
    ("open-attr-third", "<open xmlns:t=\"urn:third\" t:a=\"1\"/>", false),
    ("open-two", "<open><a/><b/></open>", false),
    ("fixed-ok", "<fixed>F</fixed>", true),
    ("fixed-bad", "<fixed>G</fixed>", false),
    ("fixed-empty", "<fixed/>", true),
    ("local-ok", "<local><x xmlns=\"\">a</x><x xmlns=\"\">b</x></local>", true),
    ("local-qualified", "<local><x>a</x><x>b</x></local>", false),
    ("local-one", "<local><x xmlns=\"\">a</x></local>", false),
    ("local-four", "<local><x xmlns=\"\">a</x><x xmlns=\"\">b</x><x xmlns=\"\">c</x><x xmlns=\"\">d</x></local>", false),
    ("root-empty", "", false),
    ("multi", "<pair><a/></pair><num>1</num><code>xyz</code>", true),
];

fn feature_doc(body: &str) -> String {
    format!("<root xmlns=\"urn:f\">{body}</root>")
}

#[test]
fn feature_cases_give_the_recorded_verdicts() {
    let schemas = SchemaSet::compile(&[("features.xsd", FEATURES_XSD.as_bytes())]);
    let schemas = schemas.unwrap_or_else(|e| unreachable!("{e}"));
    let mut failures = Vec::new();
    for (name, body, valid) in FEATURE_CASES {
        let found = schemas.validate(feature_doc(body).as_bytes());
        if found.is_empty() != *valid {
            failures.push(format!("{name}: expected valid={valid}, found {found:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Our one deliberate difference from xmllint: a DOCTYPE that could declare entities (an
/// internal subset or an external identifier) is refused, where xmllint would read it and expand
/// them. A bare `<!DOCTYPE manifest>` declares nothing and is accepted, as xmllint does.
#[test]
fn doctype_with_declarations_is_refused() {
    for doctype in [
        "<!DOCTYPE manifest [<!ENTITY x \"y\">]>",
        "<!DOCTYPE manifest SYSTEM \"http://example.com/x.dtd\">",
    ] {
        let doc = GOLF
            .text
            .replacen("<manifest ", &format!("{doctype}\n<manifest "), 1);
        let found = SchemaSet::scorm12().validate(doc.as_bytes());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].message, super::reader::DOCTYPE_REFUSED);
        assert_eq!((found[0].line, found[0].column), (3, 1));
    }
    let bare = GOLF
        .text
        .replacen("<manifest ", "<!DOCTYPE manifest>\n<manifest ", 1);
    assert_eq!(SchemaSet::scorm12().validate(bare.as_bytes()), vec![]);
}

#[test]
fn encodings() {
    let declared = |label: &str| {
        GOLF.text
            .replacen("standalone", &format!("encoding=\"{label}\" standalone"), 1)
    };
    let utf16 = |le: bool| -> Vec<u8> {
        let text = declared("UTF-16");
        let mut out: Vec<u8> = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            out.extend(if le {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        out
    };
    let latin1 = |text: String| -> Vec<u8> {
        text.chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect()
    };
    let accented =
        |text: String| text.replacen("Golf Explained</title>", "Golf Expl\u{e4}ined</title>", 1);
    let cases: Vec<(&str, Vec<u8>, bool)> = vec![
        ("utf-16le with bom", utf16(true), true),
        ("utf-16be with bom", utf16(false), true),
        (
            "latin-1 declared",
            latin1(accented(declared("ISO-8859-1"))),
            true,
        ),
        (
            "latin-1 undeclared",
            latin1(accented(GOLF.text.to_owned())),
            false,
        ),
        (
            "windows-1252",
            [declared("windows-1252").as_bytes(), b""]
                .concat()
                .iter()
                .copied()
                .map(|b| if b == b'E' { 0x93 } else { b })
                .collect(),
            true,
        ),
        (
            "utf-8 bom",
            [b"\xEF\xBB\xBF".as_slice(), GOLF.text.as_bytes()].concat(),
            true,
        ),
        (
            "truncated utf-8",
            accented(GOLF.text.to_owned())
                .into_bytes()
                .into_iter()
                .filter(|&b| b != 0xA4)
                .collect(),
            false,
        ),
        (
            "crlf line ends",
            GOLF.text.replace('\n', "\r\n").into_bytes(),
            true,
        ),
        (
            "unsupported encoding",
            declared("EBCDIC-US").into_bytes(),
            false,
        ),
    ];
    for (name, bytes, valid) in cases {
        let found = SchemaSet::scorm12().validate(&bytes);
        assert_eq!(found.is_empty(), valid, "{name}: {found:?}");
    }
}

#[test]
fn positions_are_one_based_lines_and_columns() {
    let doc = GOLF.text.replacen(
        "<item identifier=\"item_1\"",
        "<item isvisible=\"yes\" identifier=\"item_1\"",
        1,
    );
    let found = SchemaSet::scorm12().validate(doc.as_bytes());
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].line, found[0].column), (17, 7));
    assert_eq!(
        found[0].message,
        "attribute `isvisible` has value `yes`; expected a boolean (true, false, 1, 0)"
    );
}

#[test]
fn every_problem_is_reported() {
    let doc = GOLF
        .text
        .replacen("<item identifier=\"item_1\"", "<item isvisible=\"yes\"", 1)
        .replacen("adlcp:scormtype=\"sco\"", "adlcp:scormtype=\"x\"", 1)
        .replacen(
            "<title>Golf Explained</title>",
            "<title>{{t*201}}</title>",
            1,
        );
    let doc = expand(&doc);
    let messages: Vec<String> = SchemaSet::scorm12()
        .validate(doc.as_bytes())
        .into_iter()
        .map(|v| v.message)
        .collect();
    assert_eq!(
        messages,
        [
            "attribute `isvisible` has value `yes`; expected a boolean (true, false, 1, 0)",
            "missing required attribute `identifier` on `item`",
            "`title` is longer than 200 characters (it has 201)",
            "attribute `adlcp:scormtype`: value `x` is not one of the allowed values: asset, sco",
        ]
    );
}

/// Hostile and broken input: truncations, flipped bytes, deep nesting, many attributes. The
/// validator must answer (without panicking) and quickly.
#[test]
fn no_panic_on_odd_input() {
    let mut inputs: Vec<Vec<u8>> = Vec::new();
    let sequencing =
        include_str!("../../../tests/fixtures/packages/valid-scorm2004-sequencing/imsmanifest.xml");
    for text in [GOLF.text, STORY.text, TCGOLF.text, TCADAPT.text, sequencing] {
        let bytes = text.as_bytes();
        for cut in (0..bytes.len()).step_by(7) {
            inputs.push(bytes[..cut].to_vec());
        }
        let mut seed: u32 = 0x2545_F491;
        for _ in 0..300 {
            let mut b = bytes.to_vec();
            for _ in 0..3 {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                let at = usize::try_from(seed).unwrap_or(0) % b.len();
                b[at] = b"<>&;:\"'/=x\x00\xFF ]!-?#%"[usize::try_from(seed >> 8).unwrap_or(0) % 19];
            }
            inputs.push(b);
        }
    }
    inputs.push(format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000)).into_bytes());
    let attrs: String = (0..20_000).map(|i| format!(" a{i}=\"1\"")).collect();
    inputs.push(
        format!("<manifest xmlns=\"http://www.imsproject.org/xsd/imscp_rootv1p1p2\"{attrs}/>")
            .into_bytes(),
    );
    inputs.push(b"\xFF\xFE<\x00".to_vec());
    inputs.push(b"\xFE\xFF\x00<\x00a".to_vec());
    inputs.push(Vec::new());
    for input in &inputs {
        for kind in [Kind::Scorm12, Kind::TinCan] {
            let _ = set(kind).validate(input);
        }
        for lom in [super::LomVariant::Strict, super::LomVariant::Loose] {
            let _ = SchemaSet::scorm2004(lom).validate(input);
        }
    }
}

/// A manifest of over 100 KB is valid (its speed is measured by `benches/validate_speed.sh`).
#[test]
fn a_large_manifest_validates() {
    let files: String = (0..2500)
        .map(|i| format!("      <file href=\"content/page-{i}.html\"/>\n"))
        .collect();
    let doc = GOLF
        .text
        .replacen("      <file href=\"Etiquette/Course.html\"/>\n", &files, 1);
    assert!(doc.len() > 100_000);
    assert_eq!(SchemaSet::scorm12().validate(doc.as_bytes()), vec![]);
}

#[test]
fn schema_errors_say_where() {
    let cases: &[(&str, &str)] = &[
        ("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:import namespace=\"urn:x\" schemaLocation=\"x.xsd\"/></xs:schema>", "not among the given schema documents"),
        ("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element name=\"a\" type=\"nope\"/></xs:schema>", "the type `nope` is not defined"),
        ("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element name=\"a\" type=\"xs:gYear\"/></xs:schema>", "`xs:gYear` is not supported"),
        ("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n<xs:simpleType name=\"t\"><xs:restriction base=\"xs:string\"><xs:pattern value=\"\\d+\"/></xs:restriction></xs:simpleType></xs:schema>", "the escape `\\d` (Unicode or XML name classes) is not supported"),
        ("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element name=\"a\"><xs:complexType><xs:sequence><xs:element ref=\"b\"/></xs:sequence></xs:complexType></xs:element></xs:schema>", "the element `b` is not declared"),
        ("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:group name=\"g\"><xs:sequence><xs:group ref=\"g\"/></xs:sequence></xs:group><xs:complexType name=\"t\"><xs:group ref=\"g\"/></xs:complexType></xs:schema>", "nest too deeply"),
        ("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"><xs:element name=\"a\"><xs:complexType><xs:sequence><xs:element name=\"b\" maxOccurs=\"999999\"/></xs:sequence></xs:complexType></xs:element></xs:schema>", "too large"),
        ("<schema/>", "not `xs:schema`"),
        ("<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">", "ends before"),
    ];
    for (xsd, fragment) in cases {
        match SchemaSet::compile(&[("t.xsd", xsd.as_bytes())]) {
            Ok(_) => panic!("{xsd}: compiled"),
            Err(e) => {
                assert!(e.message.contains(fragment), "{xsd}: {e}");
                assert_eq!(e.file, "t.xsd");
                assert!(e.line >= 1 && e.column >= 1);
            }
        }
    }
}

/// The real-world manifests in `tests/fixtures/realworld` (other tools' output) are valid as they
/// are.
#[test]
fn real_world_manifests_are_valid() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realworld");
    let files = [
        (Kind::Scorm12, "rustici-golf/scorm12/real_golf_runtime.xml"),
        (
            Kind::Scorm12,
            "scorm12-articulate-storyline-send-to-url/imsmanifest.xml",
        ),
        (Kind::TinCan, "rustici-golf/tincan/real_golf_tcapi.xml"),
        (
            Kind::TinCan,
            "tincan-articulate-storyline-bleeding-course/tincan.xml",
        ),
        (Kind::TinCan, "tincan-adapt-xapi-demo-module/tincan.xml"),
    ];
    for (kind, file) in files {
        let bytes = std::fs::read(root.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(set(kind).validate(&bytes), vec![], "{file}");
    }
}

/// Re-checks the recorded verdicts against xmllint itself. Built only with the `oracle` feature,
/// which `scripts/test.sh` turns on after installing xmllint; a missing xmllint fails it.
#[cfg(feature = "oracle")]
#[test]
fn recorded_verdicts_agree_with_xmllint() {
    let xmllint_runs = std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        xmllint_runs,
        "xmllint is required (Debian package libxml2-utils)"
    );
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let driver = repo.join("tests/oracle/scorm12-driver.xsd");
    let tincan = repo.join("schemas/tincan/tincan.xsd");
    let dir = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
    let features = dir.path().join("features.xsd");
    std::fs::write(&features, FEATURES_XSD).unwrap_or_else(|e| unreachable!("{e}"));
    let xmllint_valid = |schema: &std::path::Path, doc: &str| -> bool {
        let path = dir.path().join("doc.xml");
        std::fs::write(&path, doc).unwrap_or_else(|e| unreachable!("{e}"));
        std::process::Command::new("xmllint")
            .args(["--noout", "--nonet", "--schema"])
            .arg(schema)
            .arg(&path)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let mut failures = Vec::new();
    for (name, base, edits, expect) in CASES {
        let Some(doc) = build(base, edits) else {
            continue;
        };
        let schema = if base.kind == Kind::Scorm12 {
            &driver
        } else {
            &tincan
        };
        if xmllint_valid(schema, &doc) != matches!(expect, Valid) {
            failures.push(*name);
        }
    }
    for (name, body, valid) in FEATURE_CASES {
        if xmllint_valid(&features, &feature_doc(body)) != *valid {
            failures.push(*name);
        }
    }
    let main = dir.path().join("main.xsd");
    std::fs::write(&main, FEATURES2_XSD).unwrap_or_else(|e| unreachable!("{e}"));
    std::fs::create_dir_all(dir.path().join("parts")).unwrap_or_else(|e| unreachable!("{e}"));
    std::fs::write(dir.path().join("parts/types.xsd"), FEATURES2_TYPES_XSD)
        .unwrap_or_else(|e| unreachable!("{e}"));
    for (name, body, valid) in FEATURE2_CASES {
        if xmllint_valid(&main, &feature2_doc(body)) != *valid {
            failures.push(*name);
        }
    }
    assert!(
        failures.is_empty(),
        "xmllint disagrees with the recorded verdicts of {failures:?}"
    );
}

/// The SCORM 2004 sets compile, and the real-world SCORM 2004 manifests (other tools' output,
/// all valid for xmllint against `tests/oracle/scorm2004-driver.xsd`) are valid.
#[test]
fn scorm2004_sets_compile_and_accept_real_manifests() {
    use super::LomVariant;
    for variant in [LomVariant::Strict, LomVariant::Loose] {
        let set = SchemaSet::scorm2004(variant);
        assert!(set.broken.is_none(), "{variant:?}: {:?}", set.broken);
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/realworld");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| unreachable!("{e}")) {
        let path = entry.unwrap_or_else(|e| unreachable!("{e}")).path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !name.starts_with("scorm2004-") {
            continue;
        }
        seen += 1;
        let bytes =
            std::fs::read(path.join("imsmanifest.xml")).unwrap_or_else(|e| unreachable!("{e}"));
        for variant in [LomVariant::Strict, LomVariant::Loose] {
            assert_eq!(
                SchemaSet::scorm2004(variant).validate(&bytes),
                vec![],
                "{name} {variant:?}"
            );
        }
    }
    assert_eq!(seen, 6);
}

/// Cases on a second schema of our own, in two documents (an `xs:include` of a file in a
/// subfolder): the pattern facet, `xs:dateTime`, `xs:duration`, element defaults, unions of
/// patterned types, and identity constraints (`xs:unique`, `xs:key`, alternatives in a
/// selector, an element field, a defaulted attribute in a field). Verdicts recorded from xmllint.
const FEATURES2_XSD: &str = r###"<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:g" xmlns:g="urn:g" targetNamespace="urn:g" elementFormDefault="qualified">
  <xs:include schemaLocation="parts/types.xsd"/>
  <xs:element name="root">
    <xs:complexType>
      <xs:choice minOccurs="1" maxOccurs="unbounded">
        <xs:element name="when" type="xs:dateTime"/>
        <xs:element name="span" type="xs:duration"/>
        <xs:element name="code" type="code"/>
        <xs:element name="either" type="codeOrNumber"/>
        <xs:element name="dflt" type="xs:integer" default="5"/>
        <xs:element name="set" type="set">
          <xs:unique name="byKey"><xs:selector xpath="g:entry"/><xs:field xpath="@k"/></xs:unique>
          <xs:key name="byName"><xs:selector xpath=".//g:entry|g:extra"/><xs:field xpath="g:name"/></xs:key>
          <xs:unique name="byKind"><xs:selector xpath="*"/><xs:field xpath="@kind"/><xs:field xpath="@k"/></xs:unique>
        </xs:element>
      </xs:choice>
    </xs:complexType>
  </xs:element>
</xs:schema>"###;

/// `parts/types.xsd`, included by [`FEATURES2_XSD`].
const FEATURES2_TYPES_XSD: &str = r###"<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns="urn:g" targetNamespace="urn:g" elementFormDefault="qualified">
  <xs:simpleType name="code"><xs:restriction base="xs:token"><xs:pattern value="[A-Z]{2}-[0-9]+"/><xs:pattern value="x\.[^x]?"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="num"><xs:restriction base="xs:decimal"><xs:pattern value="[0-9]+(\.[0-9]{2})?"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="codeOrNumber"><xs:union memberTypes="code num"/></xs:simpleType>
  <xs:complexType name="set">
    <xs:sequence>
      <xs:element name="entry" type="entry" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="extra" minOccurs="0"><xs:complexType><xs:sequence><xs:element name="name" type="xs:token" minOccurs="0"/></xs:sequence><xs:attribute name="kind" fixed="extra"/></xs:complexType></xs:element>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="entry">
    <xs:sequence><xs:element name="name" type="xs:token" minOccurs="0" maxOccurs="2"/></xs:sequence>
    <xs:attribute name="k" type="xs:token"/>
    <xs:attribute name="kind" type="xs:token" default="plain"/>
  </xs:complexType>
</xs:schema>"###;

const FEATURE2_CASES: &[(&str, &str, bool)] = &[
    ("when-ok", r#"<when>2024-05-01T10:00:00Z</when>"#, true),
    ("when-date", r#"<when>2024-05-01</when>"#, false),
    ("when-padded", r#"<when> 2024-05-01T10:00:00</when>"#, false),
    ("span-ok", r#"<span>P1DT2H</span>"#, true),
    ("span-leading", r#"<span> PT1M</span>"#, true),
    ("span-trailing", r#"<span>PT1M </span>"#, false),
    ("span-empty-t", r#"<span>P1DT</span>"#, false),
    ("code-ok", r#"<code>AB-12</code>"#, true),
    ("code-padded", r#"<code>  AB-12 </code>"#, true),
    ("code-second-pattern", r#"<code>x.y</code>"#, true),
    ("code-second-pattern-x", r#"<code>x.x</code>"#, false),
    ("code-lower", r#"<code>ab-12</code>"#, false),
    ("code-partial", r#"<code>AB-12x</code>"#, false),
    ("either-code", r#"<either>AB-1</either>"#, true),
    ("either-number", r#"<either>12.50</either>"#, true),
    ("either-number-one-digit", r#"<either>12.5</either>"#, false),
    ("dflt-empty", r#"<dflt/>"#, true),
    ("dflt-open-close", r#"<dflt></dflt>"#, true),
    ("dflt-space", r#"<dflt> </dflt>"#, false),
    ("dflt-value", r#"<dflt>7</dflt>"#, true),
    ("dflt-bad", r#"<dflt>x</dflt>"#, false),
    (
        "set-ok",
        r#"<set><entry k="a"><name>n1</name></entry><entry k="b"><name>n2</name></entry></set>"#,
        true,
    ),
    (
        "set-dup-k",
        r#"<set><entry k="a"><name>n1</name></entry><entry k="a"><name>n2</name></entry></set>"#,
        false,
    ),
    (
        "set-dup-k-collapsed",
        r#"<set><entry k="a"><name>n1</name></entry><entry k=" a "><name>n2</name></entry></set>"#,
        false,
    ),
    (
        "set-no-k",
        r#"<set><entry><name>n1</name></entry><entry><name>n2</name></entry></set>"#,
        true,
    ),
    ("set-key-missing", r#"<set><entry k="a"/></set>"#, false),
    (
        "set-key-dup",
        r#"<set><entry k="a"><name>n</name></entry><entry k="b"><name> n </name></entry></set>"#,
        false,
    ),
    (
        "set-key-two-names",
        r#"<set><entry k="a"><name>n</name><name>m</name></entry></set>"#,
        false,
    ),
    (
        "set-extra-key",
        r#"<set><entry k="a"><name>n</name></entry><extra><name>n</name></extra></set>"#,
        false,
    ),
    (
        "set-extra-no-name",
        r#"<set><entry k="a"><name>n</name></entry><extra/></set>"#,
        false,
    ),
    (
        "set-kinds-differ",
        r#"<set><entry k="a"><name>n1</name></entry><entry k="b" kind="other"><name>n2</name></entry></set>"#,
        true,
    ),
    (
        "set-kind-explicit-default",
        r#"<set><entry k="a" kind="plain"><name>n1</name></entry><entry k="a"><name>n2</name></entry></set>"#,
        false,
    ),
    (
        "set-two-sets",
        r#"<set><entry k="a"><name>n</name></entry></set><set><entry k="a"><name>n</name></entry></set>"#,
        true,
    ),
];

fn features2() -> SchemaSet {
    SchemaSet::compile(&[
        ("main.xsd", FEATURES2_XSD.as_bytes()),
        ("parts/types.xsd", FEATURES2_TYPES_XSD.as_bytes()),
    ])
    .unwrap_or_else(|e| unreachable!("{e}"))
}

fn feature2_doc(body: &str) -> String {
    format!("<root xmlns=\"urn:g\">{body}</root>")
}

#[test]
fn feature2_cases_give_the_recorded_verdicts() {
    let schemas = features2();
    let mut failures = Vec::new();
    for (name, body, valid) in FEATURE2_CASES {
        let found = schemas.validate(feature2_doc(body).as_bytes());
        if found.is_empty() != *valid {
            failures.push(format!("{name}: expected valid={valid}, found {found:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
