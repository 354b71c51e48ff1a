/* Operations Command Center - dashboard core: polls /ops/api/summary and hands each snapshot to every
 * section renderer registered with OPS.sections.register(name, fn) (one file per section under js/sections/).
 * Polls are conditional: the last ETag rides in If-None-Match, and a 304 keeps the current render (only the
 * refresh time moves, from the answer's Date), so an unchanged lab costs neither bytes nor drawing.
 * Renderers insert upstream text with OPS.el / .text() only: vendor text is untrusted. */
(function ($, F, OPS) {
  'use strict';

  var el = OPS.el;
  var $body = $('body');
  var cfg = {
    url: $body.data('summary-url'),
    base: $body.data('base'),
    refresh: parseInt($body.data('refresh'), 10) || 30,
    canControl: String($body.data('can-control')) === '1',
    fast: 3,        // seconds between polls while a source is stale (a background refresh is on its way)
    fastMax: 10     // at most this many fast polls in a row, so a source that stays stale costs little
  };
  var state = { snap: null, countdown: cfg.refresh, inflight: false, lastPoll: 0, fastLeft: cfg.fastMax,
                expanded: {}, etag: null, renders: 0, unchanged: 0 };
  var renderers = [];
  var MANY_BADGES = 6;   // over this many sources a panel shows the troubled ones and a count of the rest

  OPS.sections = {
    /* Register (or replace) the renderer of one section: fn(snap, ctx) is called on every snapshot. */
    register: function (name, fn) {
      renderers = renderers.filter(function (r) { return r.name !== name; });
      renderers.push({ name: name, fn: fn });
    },
    names: function () { return renderers.map(function (r) { return r.name; }); }
  };

  /* Sources that feed a name: "alerts:ips" exactly, or "alerts" for every alerts:* feed. */
  function sourcesFor(feed) {
    return ((state.snap && state.snap.sources) || []).filter(function (s) {
      return (s.sections || []).some(function (f) { return f === feed || f.indexOf(feed + ':') === 0; });
    });
  }

  function badge(src) {
    var cls = src.error ? 'src-badge src-error' : (src.stale ? 'src-badge src-stale' : 'src-badge src-ok');
    var $b = el('div', cls).attr('data-source', src.name);
    $b.append(el('span', 'src-name', src.name));
    $b.append(el('span', 'src-age mono', 'updated ' + F.ago(src.last_success_at)).attr('data-ts', src.last_success_at || ''));
    if (src.stale) { $b.append(el('span', 'tag tag-stale', 'STALE')); }
    if (src.error) {
      $b.append(el('span', 'src-err', (src.error_kind ? src.error_kind.replace('_', ' ').toUpperCase() + ': ' : '') + src.error));
    }
    return $b;
  }

  /* Every element with data-sections="feed,feed" gets the badges of the sources of those feeds. */
  function renderBadges() {
    $('[data-sections]').each(function () {
      var $holder = $(this).find('.src-badges').first();
      if (!$holder.length) { return; }
      var seen = {};
      $holder.empty();
      var list = [];
      String($(this).data('sections')).split(',').forEach(function (feed) {
        sourcesFor($.trim(feed)).forEach(function (src) {
          if (!seen[src.name]) { seen[src.name] = true; list.push(src); }
        });
      });
      // A big lab's panel names its troubled sources only; the healthy ones become one line.
      var shown = list.length > MANY_BADGES ? list.filter(function (s) { return s.error || s.stale; }) : list;
      shown.forEach(function (src) { $holder.append(badge(src)); });
      if (shown.length < list.length) {
        var ok = list.length - shown.length;
        $holder.append(el('div', 'src-badge src-ok src-many', ok + (shown.length ? ' more' : '') + ' sources ok')
          .attr('title', list.filter(function (s) { return !(s.error || s.stale); })
            .map(function (s) { return s.name; }).join(', ')));
      }
    });
  }

  var ctx = { el: el, F: F, cfg: cfg, state: state, sourcesFor: sourcesFor, badge: badge };

  function render(snap) {
    F.setServerTime(snap.generated_at);
    state.snap = snap;
    var failed = [];
    $('.skeleton-panel').removeClass('skeleton-panel');
    renderers.forEach(function (r) {
      try {
        r.fn(snap, ctx);
      } catch (err) {  // one broken section must not blank the others
        failed.push(r.name);
        if (window.console) { window.console.error('section ' + r.name + ': ' + err); }
      }
    });
    renderBadges();
    if (failed.length) {
      $('#global-error').prop('hidden', false).text('Could not draw: ' + failed.join(', ') + '. The other panels are current.');
    }
    state.renders += 1;
    $body.attr('data-loaded', '1');
    $(document).trigger('ops:rendered', [snap]);
  }

  /* A 304: the page is current. Move the clock and the refresh time; redraw nothing. */
  function unchanged(date) {
    var t = Date.parse(date || '');
    var iso = isNaN(t) ? null : new Date(t).toISOString();
    if (iso) { F.setServerTime(iso); }
    state.unchanged += 1;
    $('#last-refresh').text(F.clock(iso || state.snap.generated_at))
      .attr({ datetime: iso || state.snap.generated_at, title: 'unchanged since ' + F.dateTime(state.snap.generated_at) });
    $body.attr('data-unchanged', String(state.unchanged));
    $(document).trigger('ops:unchanged', [state.snap]);
  }

  /* Seconds to the next poll: soon while a source is stale (its refresh lands in the cache shortly). */
  function nextDelay(snap) {
    var stale = ((snap && snap.sources) || []).some(function (s) { return s.stale; });
    if (!stale) { state.fastLeft = cfg.fastMax; return cfg.refresh; }
    if (state.fastLeft > 0) { state.fastLeft -= 1; return cfg.fast; }
    return cfg.refresh;
  }

  function poll(force) {
    if (state.inflight) { return null; }
    state.inflight = true;
    state.lastPoll = Date.now();
    $('#refresh-now').addClass('is-busy');
    return OPS.api.getConditional(cfg.url + (force ? '?refresh=1' : ''), state.snap ? state.etag : null)
      .done(function (r) {
        $('#global-error').prop('hidden', true).text('');
        if (r.status === 304 && state.snap) {
          unchanged(r.date);
        } else if (r.data) {
          state.etag = r.etag;
          render(r.data);
        }
        state.countdown = nextDelay(state.snap);
      })
      .fail(function (xhr) {
        $('#global-error').prop('hidden', false)
          .text('Dashboard refresh failed (' + OPS.errorOf(xhr) + '). Showing the last data received.');
        state.countdown = cfg.refresh;
      })
      .always(function () {
        state.inflight = false;
        $('#refresh-now').removeClass('is-busy');
        $('#countdown').text(state.countdown);
      });
  }

  function tick() {
    $('.src-age').each(function () {
      $(this).text('updated ' + F.ago($(this).attr('data-ts') || null));
    });
    if (document.hidden || state.inflight) { return; }
    state.countdown -= 1;
    if (state.countdown <= 0) { poll(false); }
    $('#countdown').text(Math.max(0, state.countdown));
  }

  $(document).on('visibilitychange', function () {
    if (!document.hidden && Date.now() - state.lastPoll > cfg.refresh * 1000) { poll(false); }
  });
  $('#refresh-now').on('click', function () { poll(cfg.canControl); });

  OPS.dashboard = { poll: poll, render: render, state: state, cfg: cfg, sourcesFor: sourcesFor, badge: badge };

  // Section scripts load after this file; start once the page (and so every script) is in.
  $(function () {
    poll(false);
    setInterval(tick, 1000);
  });
}(jQuery, window.OpsFormat, window.OPS));
