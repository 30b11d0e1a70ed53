/* ---------- What the preview's two LMS sides share: scorm12-lms.js and scorm2004-lms.js ----------
   Data-type checks, element names and the tree of values they address, a session's error state
   with the three error functions, and the API object that reports each call. The shell loads it
   before the two (as CoursepackLms.core); under Node they require() it. No DOM, no dependencies. */
(function (root) {
  'use strict';

  /* ---------- Data types: each a check of a string value giving '0' or an error code, with a label for diagnostics ---------- */

  /** `check`, labelled with its type. */
  function type(label, check) { check.label = label; return check; }
  /** `check`, taking "" too. */
  function optional(check) { return function (v) { return v === '' ? '0' : check(v); }; }

  /**
   * The checks of one version: a value of the wrong form answers `mismatch` (SCORM 1.2: 405, 2004:
   * 406), a number out of its range `range` (1.2 has no code of its own: 405; 2004: 407).
   */
  function dataTypes(mismatch, range) {
    function fits(ok) { return ok ? '0' : mismatch; }
    /** A number of the form `syntax`, within [min, max] where they are given. */
    function number(label, syntax, min, max) {
      return type(label, function (v) {
        if (!syntax.test(v)) return mismatch;
        return (min != null && +v < min) || (max != null && +v > max) ? range : '0';
      });
    }
    return {
      fits: fits,
      number: number,
      integer: function (label, min, max) { return number(label, /^-?\d+$/, min, max); },
      pattern: function (label, re) { return type(label, function (v) { return fits(re.test(v)); }); },
      /** At most `max` characters. */
      chars: function (label, max) { return type(label, function (v) { return fits(v.length <= max); }); },
      oneOf: function (label, words) { return type(label, function (v) { return fits(words.indexOf(v) >= 0); }); }
    };
  }

  /* ---------- Element names and the tree of values they address ---------- */

  /**
   * A name split into segments, with its model name (indexes as "n"), its last segment and the
   * model name before that (what a keyword such as _count is of).
   */
  function parse(element) {
    var segs = element.split('.');
    var model = segs.map(function (s) { return /^\d+$/.test(s) ? 'n' : s; }).join('.');
    var last = segs[segs.length - 1];
    return { name: element, segs: segs, model: model, last: last, parent: model.slice(0, -last.length - 1) };
  }
  /** The element a GetValue or SetValue call names, parsed; null when it names none (null, undefined or ""). */
  function name(element) { return element == null || element === '' ? null : parse(String(element)); }

  /**
   * The values of a session's data model, addressed by parsed names: `top` holds the names' first
   * segments ({ cmi: … }); `arrays` gives a new entry of each array (X._count) by its model name,
   * `children` what X._children answers by X.
   */
  function tree(top, arrays, children) {
    /** The array at segs[0..i), or null when a parent is missing. */
    function arrayAt(segs, i) {
      var node = top;
      for (var k = 0; k < i && node != null; k++) node = Array.isArray(node) ? node[+segs[k]] : node[segs[k]];
      return Array.isArray(node) ? node : null;
    }
    /**
     * The first index of a name out of its array's range: to read, at or past _count; to write,
     * past _count: an index equal to _count adds an entry (arrays are written in order).
     * Returns -1 when every index is in range; `opens` lists the arrays the write adds to.
     */
    function outOfRange(segs, writing, opens) {
      var added = false; // an array under a new entry is empty
      for (var i = 1; i < segs.length; i++) {
        if (!/^\d+$/.test(segs[i])) continue;
        var count = added ? 0 : (arrayAt(segs, i) || []).length;
        var n = +segs[i];
        if (n > count || (n === count && !writing)) return i;
        added = n === count;
        if (added && opens) opens.push(i);
      }
      return -1;
    }
    /** The holder of a name's value and its key there; `create` adds the entries the name opens. */
    function locate(segs, create) {
      var node = top;
      for (var i = 0; i < segs.length - 1; i++) {
        if (!Array.isArray(node)) { node = node[segs[i]]; continue; }
        var n = +segs[i];
        if (n === node.length && create) node.push(arrays[parse(segs.slice(0, i).join('.')).model]());
        if (!node[n] || typeof node[n] !== 'object') return { holder: node, key: n }; // lists of ids and patterns
        node = node[n];
      }
      return { holder: node, key: segs[segs.length - 1] };
    }

    /**
     * For a name ending in _children, _count or _version: whether the data model has that keyword
     * (cmi._version, X._children of a parent, X._count of an array); null for any other name.
     */
    function hasKeyword(p) {
      if (!/^_(children|count|version)$/.test(p.last)) return null;
      if (p.last === '_version') return p.name === 'cmi._version';
      return p.last === '_children' ? p.parent in children : p.parent in arrays;
    }
    /**
     * What GetValue of a keyword answers: { value } (`version` for cmi._version, X's children,
     * X's _count), or { fault } when there is none: 'version' (another _version), 'children' or
     * 'count' (X has none), 'entry' (an index in X past its array's _count). null for any other name.
     */
    function keywordValue(p, version) {
      if (p.last === '_version') return p.name === 'cmi._version' ? { value: version } : { fault: 'version' };
      if (p.last !== '_children' && p.last !== '_count') return null;
      var listed = p.last === '_children';
      if (!(p.parent in (listed ? children : arrays))) return { fault: p.last.slice(1) };
      if (outOfRange(p.segs.slice(0, -1), false) >= 0) return { fault: 'entry' };
      return { value: listed ? children[p.parent] : String(arrayAt(p.segs, p.segs.length - 1).length) };
    }
    return { arrayAt: arrayAt, outOfRange: outOfRange, locate: locate, hasKeyword: hasKeyword, keywordValue: keywordValue };
  }

  /* ---------- Values ---------- */

  function copy(x) { return JSON.parse(JSON.stringify(x)); }
  function text(v, dflt) { return v == null ? dflt : String(v); }

  /* ---------- A session: its last error, and the API object ---------- */

  /**
   * The error state of one session (the RTE's last error and, for GetDiagnostic, what caused it);
   * `strings`: the version's error codes and their strings. `fail` and `ok` set it (and answer
   * false / true); `refuse` and `none` fail for a function answering "false" or ""; `answer(v)`
   * is ok, answering v.
   */
  function session(strings) {
    var last = '0';
    var detail = '';
    function fail(code, why) { last = code; detail = why; return false; }
    function ok() { last = '0'; detail = ''; return true; }

    /**
     * The API object: `calls` (name -> function) and the three error functions, named `prefix` +
     * GetLastError, GetErrorString and GetDiagnostic. `onCall(entry)` hears every call after it:
     * { fn, args, result, error }. The functions work unbound.
     */
    function api(calls, prefix, onCall) {
      // The three error functions work in every state and leave the error code as it is.
      var errors = {};
      errors[prefix + 'GetLastError'] = function () { return last; };
      errors[prefix + 'GetErrorString'] = function (code) { return strings[String(code)] || ''; };
      /** The error's string and, for the last error, what caused it. */
      errors[prefix + 'GetDiagnostic'] = function (code) {
        code = code == null || code === '' ? last : String(code);
        if (!(code in strings)) return '';
        return code === last && detail ? strings[code] + ': ' + detail : strings[code];
      };
      var out = {};
      [calls, errors].forEach(function (group) {
        Object.keys(group).forEach(function (fn) {
          out[fn] = function () {
            var args = Array.prototype.slice.call(arguments);
            var result = group[fn].apply(null, args);
            if (onCall) {
              try { onCall({ fn: fn, args: args, result: result, error: last }); } catch (e) { /* a panel's fault is not the SCO's */ }
            }
            return result;
          };
        });
      });
      return out;
    }

    return {
      fail: fail,
      ok: ok,
      refuse: function (code, why) { fail(code, why); return 'false'; },
      none: function (code, why) { fail(code, why); return ''; },
      answer: function (v) { ok(); return v; },
      /**
       * Whether `arg`, which must be "" (Initialize, Finish / Terminate, Commit: RTE), is anything
       * else, with 201 set then. An omitted one counts as "", as in scorm-again.
       */
      badArgument: function (arg) {
        if (arg === undefined || arg === '') return false;
        fail('201', 'the argument must be ""');
        return true;
      },
      api: api
    };
  }

  var core = {
    type: type, optional: optional, dataTypes: dataTypes, parse: parse, name: name, tree: tree,
    copy: copy, text: text, session: session
  };
  var CoursepackLms = root.CoursepackLms || {};
  CoursepackLms.core = core;
  if (typeof module === 'object' && module.exports) module.exports = core; else root.CoursepackLms = CoursepackLms;
}(this));
