/* Operations Command Center - dashboard: polls /ops/api/summary and renders it.
 * Every upstream string is inserted with .text() (never as HTML): vendor text is untrusted. */
(function ($, F) {
  'use strict';

  var $body = $('body');
  var cfg = {
    url: $body.data('summary-url'),
    refresh: parseInt($body.data('refresh'), 10) || 30,
    canControl: String($body.data('can-control')) === '1'
  };
  var state = { snap: null, countdown: cfg.refresh, inflight: false, lastPoll: 0, expanded: {} };
  var STATUS_WORD = { ok: 'OPERATIONAL', degraded: 'DEGRADED', down: 'DOWN', unknown: 'UNKNOWN' };
  var MAX_ITEMS = 5;

  function el(tag, cls, text) {
    var $e = $('<' + tag + '>');
    if (cls) { $e.addClass(cls); }
    if (text !== undefined && text !== null) { $e.text(String(text)); }
    return $e;
  }

  function sourcesFor(section) {
    return ((state.snap && state.snap.sources) || []).filter(function (s) {
      return s.sections.indexOf(section) >= 0;
    });
  }

  /* ------------------------------------------------------------ source badges */
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

  function renderBadges() {
    $('[data-sections]').each(function () {
      var $holder = $(this).find('.src-badges').first();
      if (!$holder.length) { return; }
      var keys = String($(this).data('sections')).split(',');
      var seen = {};
      $holder.empty();
      keys.forEach(function (key) {
        sourcesFor(key).forEach(function (src) {
          if (!seen[src.name]) { seen[src.name] = true; $holder.append(badge(src)); }
        });
      });
    });
  }

  function renderHeader(snap) {
    var status = snap.overall || 'unknown';
    $('#overall').attr('class', 'status status-' + status).text('● ' + (STATUS_WORD[status] || status.toUpperCase()));
    $('#last-refresh').text(F.clock(snap.generated_at)).attr('datetime', snap.generated_at);
    $('#demo-badge').prop('hidden', !snap.demo);
    var $list = $('#sources').empty();
    snap.sources.forEach(function (s) {
      var cls = s.error ? 'dot-down' : (s.stale ? 'dot-stale' : 'dot-up');
      var $li = el('li', 'source ' + cls).attr('title', s.label + (s.error ? ' — ' + s.error : ''));
      $li.append(el('span', 'dot', '●')).append(el('span', '', s.name));
      $list.append($li);
    });
  }

  /* ------------------------------------------------------------ WAN */
  function renderWan(snap) {
    var $row = $('#wan-panels').empty();
    if (!snap.wan.length) {
      $row.append(el('article', 'panel wan-panel').append(el('p', 'muted', 'No WAN configured.')).append(el('div', 'src-badges')));
    }
    snap.wan.forEach(function (w) {
      var $p = el('article', 'panel wan-panel wan-' + w.status).attr({ 'data-wan': w.name, 'data-wan-sources': w.source });
      var $h = el('h2', 'stencil').append(el('span', '', w.name + ' '));
      $h.append(el('span', 'status status-' + (w.status === 'up' ? 'ok' : w.status), '● ' + w.status.toUpperCase()));
      $p.append($h);
      var $rate = el('div', 'wan-rate mono');
      $rate.append(el('span', 'rx', F.num(w.rx_mbps) + '↓')).append(' / ').append(el('span', 'tx', F.num(w.tx_mbps) + '↑')).append(' Mbps');
      $p.append($rate);
      if (w.rx_mbps === null && w.tx_mbps === null) {
        // Counters become rates between two samples: say so instead of showing a bare dash.
        $p.append(el('div', 'wan-note muted', 'no throughput yet: a rate needs two counter samples from a throughput source'));
      }
      var $facts = el('div', 'wan-facts mono');
      $facts.append(el('span', 'uptime', 'uptime ' + F.num(w.uptime_pct_30d, 2) + ' % (30 d)'));  // 99.99 must not read 100.0
      $facts.append(el('span', 'latency', 'latency ' + F.num(w.latency_ms, 1) + ' ms'));
      $facts.append(el('span', 'loss', 'loss ' + F.num(w.loss_pct, 1) + ' %'));
      $p.append($facts);
      $p.append(el('div', 'src-badges'));
      $row.append($p);
    });
    $row.find('.wan-panel').each(function () {
      var names = String($(this).data('wan-sources') || '').split(',');
      var $holder = $(this).find('.src-badges');
      sourcesFor('wan').forEach(function (src) {
        if (names.indexOf(src.name) >= 0 || src.error || !snap.wan.length) { $holder.append(badge(src)); }
      });
    });
  }

  /* ------------------------------------------------------------ alerts */
  function alertItem(a) {
    var $li = el('li', 'alert sev-' + a.severity + (a.acknowledged ? ' is-acked' : '')).attr('data-alert-id', a.id);
    var $top = el('div', 'alert-top');
    $top.append(el('span', 'sev', a.severity.toUpperCase()));
    $top.append(el('span', 'alert-title', a.title));
    $li.append($top);
    var meta = [a.host, a.timestamp ? F.ago(a.timestamp) : '', a.source].filter(Boolean).join(' · ');
    $li.append(el('div', 'alert-meta mono', meta));
    if (a.detail) { $li.append(el('div', 'alert-detail', a.detail)); }
    if (a.ack && a.ack.by) {
      $li.append(el('div', 'alert-ack', 'ack by ' + a.ack.by + (a.ack.note ? ': ' + a.ack.note : '')));
    }
    $(document).trigger('ops:alert-item', [$li, a]);
    return $li;
  }

  function renderAlertCol(key, alerts) {
    var $col = $('#col-' + key);
    var open = alerts.filter(function (a) { return !a.acknowledged; });
    var acked = alerts.filter(function (a) { return a.acknowledged; });
    var attention = open.filter(function (a) { return a.severity !== 'info'; }).length;
    $col.find('h3 .count').toggleClass('count-zero', attention === 0).find('.n').text(attention);
    var $items = $col.find('.items').empty();
    if (!open.length) { $items.append(el('li', 'all-clear', 'All clear')); }
    var shown = state.expanded[key] ? open.length : MAX_ITEMS;
    open.slice(0, shown).forEach(function (a) { $items.append(alertItem(a)); });
    if (open.length > MAX_ITEMS) {
      var label = state.expanded[key] ? 'show fewer' : '+' + (open.length - MAX_ITEMS) + ' more';
      $items.append(el('li').append(el('button', 'more btn-more', label).attr({ type: 'button', 'data-col': key,
        'aria-expanded': state.expanded[key] ? 'true' : 'false' })));
    }
    var $group = $col.find('.acked-group').prop('hidden', acked.length === 0);
    $group.find('summary .n').text(acked.length);
    var $ackList = $group.find('.items-acked').empty();
    acked.forEach(function (a) { $ackList.append(alertItem(a)); });
  }

  function renderHostmon(snap) {
    var $col = $('#col-hostmon');
    var ongoing = snap.outages.filter(function (o) { return !o.end; });
    var down = snap.uptime.filter(function (u) { return u.status === 'down'; });
    $col.find('h3 .count').toggleClass('count-zero', ongoing.length + down.length === 0).find('.n').text(Math.max(ongoing.length, down.length));
    var $items = $col.find('.items').empty();
    snap.outages.slice(0, MAX_ITEMS).forEach(function (o) {
      var text = o.end ? 'down ' + F.duration(o.duration_s) + ' @ ' + F.shortClock(o.start) + '–' + F.shortClock(o.end)
        : 'DOWN since ' + F.shortClock(o.start) + ' (' + F.duration(o.duration_s) + ')';
      var $li = el('li', 'outage' + (o.end ? '' : ' ongoing'));
      $li.append(el('span', 'target', o.target + ': ')).append(el('span', 'mono', text));
      $items.append($li);
    });
    if (!snap.outages.length) { $items.append(el('li', 'all-clear', 'No outages')); }
    snap.uptime.forEach(function (u) {
      var $li = el('li', 'uptime-row status-' + (u.status === 'up' ? 'ok' : u.status)).attr('data-target', u.target);
      $li.append(el('span', 'target', u.target));
      $li.append(el('span', 'mono', F.num(u.uptime_pct_24h, 2) + ' % 24 h · ' + F.num(u.uptime_pct_30d, 2) + ' % 30 d'));
      if (u.bars && u.bars.length) { $li.append(uptimeBar(u.bars)); }
      $items.append($li);
    });
  }

  function uptimeBar(cells) {
    var $bar = el('div', 'ubar').attr({ role: 'img', 'aria-label': 'last 24 hours' });
    cells.forEach(function (c) {
      var what = c.status === 'none' ? 'no data' : (c.status === 'down' ? 'down ' + F.duration(c.down_s) : 'up');
      $bar.append(el('span', 'ucell ucell-' + c.status).attr('title', F.shortClock(c.start) + '–' + F.shortClock(c.end) + ': ' + what));
    });
    return $bar;
  }

  function renderAlerts(snap) {
    ['ips', 'security', 'monitoring', 'syslog'].forEach(function (key) {
      renderAlertCol(key, snap.alerts.filter(function (a) {
        return a.category === key || (key === 'monitoring' && a.category === 'uptime');
      }));
    });
    renderHostmon(snap);
  }

  /* ------------------------------------------------------------ power */
  function renderPower(snap) {
    var $box = $('#pdus').empty();
    if (!snap.pdus.length) { $box.append(el('p', 'muted', 'No PDU configured.')); }
    snap.pdus.forEach(function (p) {
      var $pdu = el('div', 'pdu').attr('data-pdu', p.source);
      var pct = p.rating_amps ? Math.min(100, 100 * (p.load_amps || 0) / p.rating_amps) : 0;
      var level = pct >= 80 ? 'crit' : (pct >= 60 ? 'warn' : 'ok');
      var $head = el('div', 'pdu-head');
      $head.append(el('span', 'pdu-name stencil', p.name));
      if (p.model) { $head.append(el('span', 'pdu-model muted', p.model)); }
      $head.append(el('span', 'pdu-load mono', F.num(p.load_amps, 1) + ' A / ' + F.num(p.rating_amps, 0) + ' A'));
      $pdu.append($head);
      var $bar = el('div', 'loadbar').attr({ role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': p.rating_amps || 0, 'aria-valuenow': p.load_amps || 0, 'aria-label': p.name + ' load' });
      $bar.append(el('div', 'loadbar-fill level-' + level).css('width', pct.toFixed(1) + '%'));
      $pdu.append($bar);
      var $grid = el('div', 'outlets');
      p.outlets.forEach(function (o) {
        var $o = el('button', 'outlet outlet-' + o.state + (o.protected ? ' is-protected' : ''))
          .attr({ type: 'button', 'data-outlet': o.number, 'data-name': o.name, 'data-state': o.state,
                  title: 'Outlet ' + o.number + ' ' + o.name + ': ' + o.state.toUpperCase() + (o.protected ? ' (protected)' : ''),
                  'aria-label': 'Outlet ' + o.number + ' ' + o.name + ', ' + o.state });
        $o.append(el('span', 'outlet-num mono', o.state === 'off' ? 'X' : o.number));
        $o.append(el('span', 'outlet-name', o.name));
        if (o.protected) { $o.append(el('span', 'outlet-lock', 'PROT')); }
        if (!cfg.canControl) { $o.prop('disabled', true); }
        $grid.append($o);
      });
      $pdu.append($grid);
      $box.append($pdu);
    });
  }

  /* ------------------------------------------------------------ switches */
  function renderSwitches(snap) {
    var $box = $('#switches').empty();
    if (!snap.switches.length) { $box.append(el('p', 'muted', 'No switch configured.')); }
    snap.switches.forEach(function (s) {
      var $sw = el('div', 'switch').attr({ 'data-switch': s.source, tabindex: 0, role: 'button',
                                           'aria-label': s.name + ' port table' });
      var $head = el('div', 'switch-head');
      $head.append(el('span', 'switch-name stencil', s.name));
      $head.append(el('span', 'switch-model muted', s.vendor + ' ' + s.model));
      $head.append(el('span', 'switch-count mono', s.ports_up + '/' + s.port_count + ' up'));
      $sw.append($head);
      var $map = el('div', 'portmap' + (s.port_count > 24 ? ' dense' : ''));
      s.ports.forEach(function (p) {
        var cls = p.admin === 'down' ? 'port port-disabled' : 'port port-' + p.oper;
        $map.append(el('span', cls).attr('title', p.name + (p.alias ? ' (' + p.alias + ')' : '') + ': ' + p.oper));
      });
      $sw.append($map);
      $box.append($sw);
    });
  }

  /* ------------------------------------------------------------ polling */
  function render(snap) {
    state.snap = snap;
    $('.skeleton-panel').removeClass('skeleton-panel');
    renderHeader(snap);
    renderWan(snap);
    renderAlerts(snap);
    renderPower(snap);
    renderSwitches(snap);
    renderBadges();
    $body.attr('data-loaded', '1');
    if (!window.OpsDashboard.firstRenderMs) { window.OpsDashboard.firstRenderMs = performance.now(); }
    $(document).trigger('ops:rendered', [snap]);
  }

  function poll(force) {
    if (state.inflight) { return; }
    state.inflight = true;
    state.lastPoll = Date.now();
    $('#refresh-now').addClass('is-busy');
    $.ajax({ url: cfg.url + (force ? '?refresh=1' : ''), dataType: 'json', cache: false, timeout: 20000 })
      .done(function (snap) { $('#global-error').prop('hidden', true).text(''); render(snap); })
      .fail(function (xhr) {
        var msg = (xhr.responseJSON && xhr.responseJSON.error && xhr.responseJSON.error.message) || xhr.statusText || 'no answer';
        if (xhr.status === 401) { msg = 'session expired: log in again'; }
        $('#global-error').prop('hidden', false).text('Dashboard refresh failed (' + msg + '). Showing the last data received.');
      })
      .always(function () {
        state.inflight = false;
        state.countdown = cfg.refresh;
        $('#refresh-now').removeClass('is-busy');
        $('#countdown').text(state.countdown);
      });
  }

  function tick() {
    $('.src-age').each(function () {
      var ts = $(this).attr('data-ts');
      $(this).text('updated ' + F.ago(ts || null));
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
  $('#alerts-section').on('click', '.btn-more', function () {
    var key = $(this).data('col');
    state.expanded[key] = !state.expanded[key];
    if (state.snap) { renderAlerts(state.snap); }
    $('#col-' + key + ' .btn-more').trigger('focus');
  });

  window.OpsDashboard = { poll: poll, state: state, cfg: cfg, el: el, render: render };
  poll(false);
  setInterval(tick, 1000);
}(jQuery, window.OpsFormat));
