/* ---------- media: video and audio blocks, tracked by what the learner really plays ----------
   Each [data-cp-media] is the browser's own <video controls> or <audio controls>, operable with
   the keyboard as it is. This part keeps the segments the learner played, the share of the length
   they cover, and hands the xAPI Video Profile's events to the backend (rt.track), counting the
   media as watched once its share (completeAt) is reached.
   Contract: docs/runtime.md, "Video and audio". Only packages whose course has media hold it. */

/** Seconds with at most three decimals, as the Video Profile writes times. */
function secs(t) { return Math.round(t * 1000) / 1000; }

cp.widgets.push(function media(rt) {
  var found = indexBy('data-cp-media'), st = rt.state;
  /** An event for the backend; `completed` also counts the media as watched, once. */
  function report(m, ev) {
    if (rt.current() < 0) return;
    if (ev.verb === 'completed') {
      var bit = st.itemBit[m.id];
      if (bit == null || st.viewed[bit]) return;
      st.viewed[bit] = true;
    }
    rt.track(function (b) { if (b.recordMedia) b.recordMedia(m, ev); });
    if (ev.verb === 'completed') rt.sync();
  }
  return (rt.plan.media || []).map(function (m) {
    var el = found[m.id];
    if (!el) return null;
    var segments = [];  // [from, to] pairs played, in the order played
    var from = null;    // where the segment being played started; null while not playing
    var at = 0;         // the last position known: a seek starts from here
    var seekFrom = null;
    var started = false, done = false;
    var spent = 0, since = 0; // milliseconds spent playing in this session

    function length() { var d = el.duration; return isFinite(d) && d > 0 ? d : 0; }
    /** The segments played, with the one being played up to `now`. */
    function played(now) { return from === null || now <= from ? segments : segments.concat([[from, now]]); }
    /** The share of the length the segments cover together (0–1, three decimals), from the times
        as reported (three decimals), so that anyone reading `played-segments` finds the same. */
    function progress(now) {
      var len = secs(length()), covered = 0, end = 0;
      if (!len) return 0;
      played(now).map(function (s) { return [Math.max(0, secs(s[0])), Math.min(len, secs(s[1]))]; })
        .sort(function (a, b) { return a[0] - b[0]; })
        .forEach(function (s) {
          var a = Math.max(s[0], end);
          if (s[1] > a) covered += s[1] - a;
          end = Math.max(end, s[1]);
        });
      return Math.min(1, Math.round(covered / len * 1000) / 1000);
    }
    /** The language of the captions shown, or ''. */
    function captions() {
      var list = el.textTracks || [];
      for (var i = 0; i < list.length; i++) if (list[i].mode === 'showing') return list[i].language;
      return '';
    }
    function emit(verb, now, more) {
      var ev = {
        verb: verb, time: secs(now), length: secs(length()), completeAt: m.completeAt, captions: captions(),
        progress: progress(now),
        segments: played(now).map(function (s) { return secs(s[0]).toFixed(3) + '[.]' + secs(s[1]).toFixed(3); }).join('[,]'),
        spent: spent + (from === null ? 0 : Date.now() - since)
      };
      for (var k in more) ev[k] = more[k];
      report(m, ev);
    }
    /** An event of the session, which `initialized` opens (at the position before the event). */
    function send(verb, now, more) {
      if (!started) { started = true; emit('initialized', at); }
      emit(verb, now, more);
    }
    function close(to) {
      if (from === null) return;
      if (to > from) segments.push([from, to]);
      from = null;
      spent += Date.now() - since;
    }
    function open(now) { from = now; at = now; since = Date.now(); }
    /** `completed` once the share is reached (the core keeps only the first, across sessions). */
    function check(now) {
      if (done || !length() || progress(now) < m.completeAt) return;
      done = true;
      send('completed', now);
    }
    function stopped() {
      if (from === null) return;
      var now = el.seeking ? at : el.currentTime;
      close(now);
      at = now;
      send('paused', now);
      check(now);
    }

    el.addEventListener('play', function () {
      if (from !== null) return;
      // Paused, the position moves only by seeking, which keeps `at`: play starts there (the
      // event may come a few milliseconds into the playback).
      open(at);
      send('played', at);
    });
    el.addEventListener('timeupdate', function () {
      if (from === null || el.seeking) return;
      at = el.currentTime;
      check(at);
    });
    el.addEventListener('pause', stopped);
    el.addEventListener('ended', stopped);
    el.addEventListener('seeking', function () {
      if (seekFrom === null) seekFrom = at; // a drag seeks many times: it started here
      close(at);
    });
    el.addEventListener('seeked', function () {
      var to = el.currentTime;
      if (seekFrom === null) return;
      send('seeked', to, { from: secs(seekFrom), to: secs(to) });
      seekFrom = null;
      at = to;
      if (!el.paused) open(to);
      check(to);
    });

    return {
      root: el,
      /** A restored state: a media watched before is told again (the backends write it once). */
      restored: function () {
        if (st.viewed[st.itemBit[m.id]]) rt.track(function (b) { if (b.recordMedia) b.recordMedia(m, { verb: 'completed', restored: true }); });
      },
      /** A lesson or page change hid the player: it stops. */
      update: function () { if (!el.paused && !rt.inCurrent(el)) el.pause(); },
      /** The session ends (page gone, or the exit button): `paused` if playing, then `terminated`, for a
          media used in this session; the player stops. */
      finish: function () {
        if (started) {
          var now = el.currentTime;
          if (from !== null) { close(now); emit('paused', now); }
          emit('terminated', now);
        }
        el.pause();
      }
    };
  }).filter(Boolean);
});
