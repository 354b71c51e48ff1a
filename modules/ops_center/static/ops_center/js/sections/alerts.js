/* Operations Command Center - alerts & incidents: one column per .alert-col of the panel partial. A column
 * takes the alert categories its data-categories names; data-kind="uptime" shows outages and uptime bars. */
(function ($, F, OPS) {
  'use strict';

  var MAX_ITEMS = 5;
  var expanded = {};
  var el = OPS.el;

  function timeEl(iso, text) {
    return el('time', 'when', text).attr({ datetime: iso || '', title: F.dateTime(iso) + ' (' + F.zone() + ')' });
  }

  function alertItem(a) {
    var $li = el('li', 'alert sev-' + a.severity + (a.acknowledged ? ' is-acked' : '')).attr('data-alert-id', a.id);
    var $top = el('div', 'alert-top');
    $top.append(el('span', 'sev', String(a.severity).toUpperCase()));
    $top.append(el('span', 'alert-title', a.title));
    $li.append($top);
    var $meta = el('div', 'alert-meta mono');
    var $facts = el('span', 'alert-facts');
    [a.host ? el('span', 'host', a.host) : null, a.timestamp ? timeEl(a.timestamp, F.ago(a.timestamp)) : null,
     el('span', 'src', a.source)].filter(Boolean).forEach(function ($part, i) {
      if (i) { $facts.append(' · '); }
      $facts.append($part);
    });
    $li.append($meta.append($facts));
    if (a.detail) { $li.append(el('div', 'alert-detail', a.detail)); }
    if (a.ack && a.ack.by) {
      var $ack = el('div', 'alert-ack', 'ack by ' + a.ack.by);
      if (a.ack.at) { $ack.append(' at ').append(timeEl(a.ack.at, F.dayClock(a.ack.at))); }
      if (a.ack.note) { $ack.append(document.createTextNode(': ' + a.ack.note)); }
      $li.append($ack);
    }
    $(document).trigger('ops:alert-item', [$li, a]);
    return $li;
  }

  function renderAlertCol($col, alerts) {
    var key = $col.data('col');
    var open = alerts.filter(function (a) { return !a.acknowledged; });
    var acked = alerts.filter(function (a) { return a.acknowledged; });
    var attention = open.filter(function (a) { return a.severity !== 'info'; }).length;
    $col.find('h3 .count').toggleClass('count-zero', attention === 0).find('.n').text(attention);
    var $items = $col.find('.items').empty();
    if (!open.length) { $items.append(el('li', 'all-clear', 'All clear')); }
    open.slice(0, expanded[key] ? open.length : MAX_ITEMS).forEach(function (a) { $items.append(alertItem(a)); });
    if (open.length > MAX_ITEMS) {
      var label = expanded[key] ? 'show fewer' : '+' + (open.length - MAX_ITEMS) + ' more';
      $items.append(el('li').append(el('button', 'more btn-more', label).attr({ type: 'button', 'data-col': key,
        'aria-expanded': expanded[key] ? 'true' : 'false' })));
    }
    var $group = $col.find('.acked-group').prop('hidden', acked.length === 0);
    $group.find('summary .n').text(acked.length);
    var $ackList = $group.find('.items-acked').empty();
    acked.forEach(function (a) { $ackList.append(alertItem(a)); });
  }

  function uptimeBar(cells) {
    var $bar = el('div', 'ubar').attr({ role: 'img', 'aria-label': 'last 24 hours' });
    cells.forEach(function (c) {
      var what = c.status === 'none' ? 'no data' : (c.status === 'down' ? 'down ' + F.duration(c.down_s) : 'up');
      $bar.append(el('span', 'ucell ucell-' + c.status).attr('title', F.shortClock(c.start) + '–' + F.shortClock(c.end) + ': ' + what));
    });
    return $bar;
  }

  function renderUptimeCol($col, snap) {
    var outages = snap.outages || [], uptime = snap.uptime || [];
    var ongoing = outages.filter(function (o) { return !o.end; });
    var down = uptime.filter(function (u) { return u.status === 'down'; });
    $col.find('h3 .count').toggleClass('count-zero', ongoing.length + down.length === 0).find('.n').text(Math.max(ongoing.length, down.length));
    var $items = $col.find('.items').empty();
    outages.slice(0, MAX_ITEMS).forEach(function (o) {
      var text = o.end ? 'down ' + F.duration(o.duration_s) + ' @ ' + F.shortClock(o.start) + '–' + F.shortClock(o.end)
        : 'DOWN since ' + F.dayClock(o.start) + ' (' + F.duration(o.duration_s) + ')';
      var $li = el('li', 'outage' + (o.end ? '' : ' ongoing')).attr('title', F.dateTime(o.start) + ' (' + F.zone() + ')');
      $li.append(el('span', 'target', o.target + ': ')).append(el('span', 'mono when', text));
      $items.append($li);
    });
    if (!outages.length) { $items.append(el('li', 'all-clear', 'No outages')); }
    uptime.forEach(function (u) {
      var $li = el('li', 'uptime-row status-' + (u.status === 'up' ? 'ok' : u.status)).attr('data-target', u.target);
      $li.append(el('span', 'target', u.target));
      $li.append(el('span', 'mono', F.num(u.uptime_pct_24h, 2) + ' % 24 h · ' + F.num(u.uptime_pct_30d, 2) + ' % 30 d'));
      if (u.bars && u.bars.length) { $li.append(uptimeBar(u.bars)); }
      $items.append($li);
    });
  }

  function renderAll(snap) {
    $('#alerts-section .alert-col').each(function () {
      var $col = $(this);
      if ($col.data('kind') === 'uptime') { renderUptimeCol($col, snap); return; }
      var cats = String($col.data('categories')).split(',');
      renderAlertCol($col, (snap.alerts || []).filter(function (a) { return cats.indexOf(a.category) >= 0; }));
    });
  }

  OPS.sections.register('alerts', function (snap) { renderAll(snap); });

  $('#alerts-section').on('click', '.btn-more', function () {
    var key = $(this).data('col');
    expanded[key] = !expanded[key];
    if (OPS.dashboard.state.snap) { renderAll(OPS.dashboard.state.snap); }
    $('#col-' + key + ' .btn-more').trigger('focus');
  });
}(jQuery, window.OpsFormat, window.OPS));
