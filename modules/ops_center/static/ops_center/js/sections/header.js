/* Operations Command Center - header: overall status and why, the watcher, last refresh, one dot per source.
 * overall_reasons and watcher are optional in the snapshot: without them their parts stay hidden. */
(function ($, F, OPS) {
  'use strict';

  var STATUS_WORD = { ok: 'OPERATIONAL', degraded: 'DEGRADED', down: 'DOWN', unknown: 'UNKNOWN' };
  var SHOWN_REASONS = 2;
  var MANY_SOURCES = 24;     // over this many the header names only the sources in trouble     // the first reasons are always visible, the rest behind "+N more"
  var open = { reasons: false };

  $('#tz-note').text('times in ' + F.zone());

  function renderReasons(reasons, el) {
    var list = (reasons || []).filter(function (r) { return r !== null && r !== undefined && r !== ''; });
    var $box = $('#reasons-box').prop('hidden', list.length === 0);
    var $ul = $('#overall-reasons').empty();
    list.forEach(function (text, i) {
      $ul.append(el('li', 'reason' + (i >= SHOWN_REASONS && !open.reasons ? ' is-folded' : ''), text));
    });
    var extra = list.length - SHOWN_REASONS;
    $('#reasons-more').prop('hidden', extra <= 0).attr('aria-expanded', open.reasons ? 'true' : 'false')
      .text(open.reasons ? 'show fewer' : '+' + extra + ' more');
    return $box;
  }

  function renderWatcher(w, el) {
    var $w = $('#watcher').empty();
    if (!w || typeof w !== 'object') { $w.prop('hidden', true); return; }
    var last = w.last_cycle_at ? F.dayClock(w.last_cycle_at) + ' (' + F.ago(w.last_cycle_at) + ')' : 'never';
    $w.prop('hidden', false).attr('class', 'watcher ' + (w.alive ? 'watcher-alive' : 'watcher-dead'))
      .attr('title', w.holder ? 'held by ' + w.holder : 'no process holds the watcher lease');
    if (w.alive) {
      $w.append(el('span', 'dot', '●')).append(el('span', '', 'watcher running · last cycle ' + last));
    } else {
      $w.append(el('span', 'dot', '●'))
        .append(el('span', 'watcher-word', 'WATCHER DOWN'))
        .append(el('span', '', ' · last cycle ' + last + ' · data refreshes only while this page asks'));
    }
  }

  OPS.sections.register('header', function (snap, ctx) {
    var el = ctx.el;
    var status = snap.overall || 'unknown';
    $('#overall').attr('class', 'status status-' + status).text('● ' + (STATUS_WORD[status] || status.toUpperCase()));
    $('#last-refresh').text(F.clock(snap.generated_at)).attr({ datetime: snap.generated_at, title: F.dateTime(snap.generated_at) });
    $('#demo-badge').prop('hidden', !snap.demo);
    renderReasons(snap.overall_reasons, el).attr('data-overall', status);
    renderWatcher(snap.watcher, el);
    var $list = $('#sources').empty();
    var all = snap.sources || [];
    // A big lab lists its troubled sources one by one and counts the healthy rest.
    var shown = all.length > MANY_SOURCES ? all.filter(function (s) { return s.error || s.stale; }) : all;
    shown.forEach(function (s) {
      var cls = s.error ? 'dot-down' : (s.stale ? 'dot-stale' : 'dot-up');
      var $li = el('li', 'source ' + cls).attr({ 'data-source': s.name, title: s.label + (s.error ? ' — ' + s.error : (s.stale ? ' — stale, refreshing' : '')) });
      $li.append(el('span', 'dot', '●')).append(el('span', '', s.name));
      $list.append($li);
    });
    if (shown.length < all.length) {
      var ok = all.filter(function (s) { return !(s.error || s.stale); });
      $list.append(el('li', 'source dot-up source-many').attr('title', ok.map(function (s) { return s.name; }).join(', '))
        .append(el('span', 'dot', '●')).append(el('span', '', ok.length + (shown.length ? ' more' : '') + ' sources ok')));
    }
  });

  $('#reasons-more').on('click', function () {
    open.reasons = !open.reasons;
    var snap = OPS.dashboard.state.snap;
    if (snap) { renderReasons(snap.overall_reasons, OPS.el); }
  });
}(jQuery, window.OpsFormat, window.OPS));
