/* Operations Command Center - WAN panels: status, rates, uptime, latency/loss, the last-hour graph slot
 * (drawn by charts.js) and the badges of the sources that feed each WAN. */
(function ($, F, OPS) {
  'use strict';

  OPS.sections.register('wan', function (snap, ctx) {
    var el = ctx.el;
    var wans = snap.wan || [];
    var $row = $('#wan-panels');
    OPS.charts.park($row);  // keep the drawn graphs while the panels are rebuilt
    $row.empty();
    if (!wans.length) {
      $row.append(el('article', 'panel wan-panel').append(el('p', 'muted', 'No WAN configured.')).append(el('div', 'src-badges')));
    }
    wans.forEach(function (w) {
      var $p = el('article', 'panel wan-panel wan-' + w.status).attr({ 'data-wan': w.name, 'data-wan-sources': w.source,
        tabindex: 0, role: 'button', 'aria-label': w.name + ': open the throughput graph' });
      var $h = el('h2', 'stencil').append(el('span', '', w.name + ' '));
      $h.append(el('span', 'status status-' + (w.status === 'up' ? 'ok' : w.status), '● ' + String(w.status).toUpperCase()));
      $p.append($h);
      var $rate = el('div', 'wan-rate mono');
      $rate.append(el('span', 'rx', F.num(w.rx_mbps) + '↓')).append(' / ').append(el('span', 'tx', F.num(w.tx_mbps) + '↑')).append(' Mbps');
      $p.append($rate);
      if (w.rx_mbps === null && w.tx_mbps === null) {
        // Counters become rates between two samples: say so instead of showing a bare dash.
        $p.append(el('div', 'wan-note muted', 'no throughput yet: a rate needs two counter samples from a throughput source'));
      }
      $p.append(el('div', 'chart-slot spark').attr({ 'data-chart': 'wan', 'data-name': w.name }));
      var $facts = el('div', 'wan-facts mono');
      $facts.append(el('span', 'uptime', 'uptime ' + F.num(w.uptime_pct_30d, 2) + ' % (30 d)'));  // 99.99 must not read 100.0
      $facts.append(el('span', 'latency', 'latency ' + F.num(w.latency_ms, 1) + ' ms'));
      $facts.append(el('span', 'loss', 'loss ' + F.num(w.loss_pct, 1) + ' %'));
      $p.append($facts);
      var $badges = el('div', 'src-badges');
      var names = String(w.source || '').split(',');
      ctx.sourcesFor('wan').forEach(function (src) {
        if (names.indexOf(src.name) >= 0 || src.error) { $badges.append(ctx.badge(src)); }
      });
      $row.append($p.append($badges));
    });
    if (!wans.length) {
      ctx.sourcesFor('wan').forEach(function (src) { $row.find('.src-badges').append(ctx.badge(src)); });
    }
  });

  $('#wan-panels').on('click keydown', '.wan-panel[data-wan]', function (e) {
    if (e.type === 'keydown' && e.key !== 'Enter' && e.key !== ' ') { return; }
    e.preventDefault();
    OPS.charts.openGraph({ kind: 'wan', name: $(this).data('wan') });
  });
}(jQuery, window.OpsFormat, window.OPS));
