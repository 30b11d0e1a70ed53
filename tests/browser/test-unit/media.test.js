'use strict';
// The media part of the runtime (templates/runtime/media.js), run in Node on its own source with a
// stand-in player that fires the events a browser's <video> fires: the played segments, the
// progress they give, the Video Profile's events in order (initialized first, completed once,
// paused before terminated), seeks while playing, paused and dragged, and replays counted once.
const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const RUNTIME = path.join(__dirname, '..', '..', '..', 'templates', 'runtime');

/** A player as the browser drives it: each method changes its state and fires its events. */
class Player extends EventTarget {
  constructor(id, duration) {
    super();
    Object.assign(this, { id, duration, currentTime: 0, paused: true, seeking: false, ended: false, textTracks: [] });
  }
  getAttribute(name) { return name === 'data-cp-media' ? this.id : null; }
  fire(type) { this.dispatchEvent(new Event(type)); }
  pause() { if (this.paused) return; this.paused = true; this.fire('pause'); }
  play() { this.paused = false; this.ended = false; this.fire('play'); }
  tick(t) { this.currentTime = t; this.fire('timeupdate'); }
  stopAt(t) { this.tick(t); this.pause(); }
  seek(t) { this.seeking = true; this.fire('seeking'); this.currentTime = t; this.fire('timeupdate'); this.seeking = false; this.fire('seeked'); }
  end() { this.tick(this.duration); this.paused = true; this.fire('pause'); this.ended = true; this.fire('ended'); }
}

/** media.js set up on one player: returns the player, the events the backend received, the
    widget, the learner state (the media's bit) and the number of state syncs. */
function setup({ duration = 4, completeAt = 0.9, shown = () => true, watched = false } = {}) {
  const player = new Player('v', duration);
  const document = { querySelectorAll: (sel) => (sel === '[data-cp-media]' ? [player] : []) };
  const ctx = vm.createContext({ document, console, Date });
  const code = ['core.js', 'media.js'].map((f) => fs.readFileSync(path.join(RUNTIME, f), 'utf8')).join('\n');
  vm.runInContext(`var cp = { widgets: [], backend: null };\n${code}\nthis.cp = cp;`, ctx);
  const events = [];
  const state = { itemBit: { v: 3 }, viewed: [true, true, true, watched] };
  const backend = { recordMedia: (m, ev) => events.push(JSON.parse(JSON.stringify(ev))) };
  const syncs = [];
  const rt = {
    plan: { media: [{ id: 'v', kind: 'video', completeAt }] }, state, inCurrent: shown,
    current: () => 0, track: (fn) => fn(backend), sync: () => syncs.push(state.viewed[3]),
  };
  const [widget] = ctx.cp.widgets[0](rt);
  return { player, events, widget, state, syncs };
}

/** The events as `verb time progress segments` (seeks as `seeked from>to …`). */
const brief = (events) => events.map((e) => {
  const at = e.verb === 'seeked' ? `${e.from}>${e.to}` : String(e.time);
  return e.verb === 'initialized' || e.verb === 'played' ? `${e.verb} ${at}` : `${e.verb} ${at} ${e.progress} ${e.segments}`;
});

describe('media.js: what a player reports', () => {
  it('a straight play to the end: completed when the share is reached, while playing', () => {
    const { player, events } = setup();
    player.play();
    player.tick(1);
    player.tick(3.5);
    assert.equal(events.filter((e) => e.verb === 'completed').length, 0, 'under 90 %');
    player.tick(3.6);
    player.end();
    assert.deepEqual(brief(events), [
      'initialized 0',
      'played 0',
      'completed 3.6 0.9 0.000[.]3.600',
      'paused 4 1 0.000[.]4.000',
    ]);
    assert.deepEqual({ length: events[0].length, completeAt: events[0].completeAt, captions: events[0].captions }, { length: 4, completeAt: 0.9, captions: '' });
  });

  it('seeking ahead while playing ends the segment at the last position played; the skipped part never counts', () => {
    const { player, events } = setup({ completeAt: 1 });
    player.play();
    player.tick(1);
    player.tick(1.25);
    player.seek(3);
    player.tick(3.5);
    player.end();
    assert.deepEqual(brief(events), [
      'initialized 0',
      'played 0',
      'seeked 1.25>3 0.313 0.000[.]1.250',
      'paused 4 0.563 0.000[.]1.250[,]3.000[.]4.000',
    ]);
  });

  it('parts played twice count once; the gap filled completes, once', () => {
    const { player, events } = setup({ completeAt: 1 });
    player.play();
    player.stopAt(2);
    player.seek(3);
    player.play();
    player.end();
    player.seek(1);
    player.play();
    player.tick(2.5);
    player.tick(3.0004);
    player.stopAt(3.5);
    player.seek(0);
    player.play();
    player.end();
    const verbs = events.map((e) => e.verb);
    assert.deepEqual(verbs.filter((v) => v === 'completed').length, 1, 'completed once');
    const done = events.find((e) => e.verb === 'completed');
    assert.equal(done.time, 3, 'when the gap 2–3 closed');
    assert.equal(done.segments, '0.000[.]2.000[,]3.000[.]4.000[,]1.000[.]3.000');
    assert.equal(done.progress, 1);
    const last = events[events.length - 1];
    assert.equal(last.segments, '0.000[.]2.000[,]3.000[.]4.000[,]1.000[.]3.500[,]0.000[.]4.000', 'every part, in the order played');
    assert.equal(last.progress, 1);
  });

  it('seeking while paused, a drag of many seeks, and a seek before any play', () => {
    const { player, events } = setup();
    player.seek(2);
    player.seeking = true;
    player.fire('seeking');
    player.currentTime = 2.5;
    player.fire('seeking');
    player.currentTime = 3;
    player.seeking = false;
    player.fire('seeked');
    player.play();
    player.stopAt(3.5);
    assert.deepEqual(brief(events), [
      'initialized 0',
      'seeked 0>2 0 ',
      'seeked 2>3 0 ',
      'played 3',
      'paused 3.5 0.125 3.000[.]3.500',
    ]);
  });

  it('the session ends: paused if playing, then terminated, and the player stops; an unused player reports nothing', () => {
    const used = setup();
    used.player.play();
    used.player.tick(1.2345);
    used.widget.finish();
    assert.deepEqual(brief(used.events).slice(2), ['paused 1.235 0.309 0.000[.]1.235', 'terminated 1.235 0.309 0.000[.]1.235']);
    assert.equal(used.player.paused, true, 'stopped');
    const unused = setup();
    unused.widget.finish();
    assert.deepEqual(unused.events, []);
  });

  it('a hidden player is paused; spent time counts only playing', () => {
    let shown = true;
    const { player, events, widget } = setup({ shown: () => shown });
    player.play();
    widget.update();
    assert.equal(player.paused, false, 'shown: plays on');
    shown = false;
    widget.update();
    assert.equal(player.paused, true, 'hidden: paused');
    assert.equal(events[events.length - 1].verb, 'paused');
    assert.ok(events.every((e) => e.spent >= 0 && e.spent < 1000), 'milliseconds of playing');
  });

  it('completed marks the media watched and syncs the state once; a restored watch is told again, never twice', () => {
    const first = setup();
    first.widget.restored();
    assert.deepEqual(first.events, [], 'nothing watched: nothing told');
    first.player.play();
    first.player.end();
    assert.equal(first.state.viewed[3], true, 'watched');
    assert.deepEqual(first.syncs, [true], 'one sync, after the bit is set');
    assert.equal(first.events.filter((e) => e.verb === 'completed').length, 1);

    const again = setup({ watched: true });
    again.widget.restored();
    assert.deepEqual(again.events, [{ verb: 'completed', restored: true }], 'the saved watch, for the backend');
    again.player.play();
    again.player.end();
    assert.deepEqual(again.events.filter((e) => e.verb === 'completed').length, 1, 'not completed again');
    assert.deepEqual(again.syncs, [], 'no sync for a media already watched');
  });
});
